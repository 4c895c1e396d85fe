//! Durable Objects, the run's side (no JS values): the namespaces the model binds, the
//! objects the run has addressed, their storage, gates and alarms (R14–R17).
//!
//! An object is numbered in the order the run first addresses it; its number is how
//! requests (calls), tasks and trace events refer to it. Storage outlives the object's
//! instance (a reset loses memory, never storage); the key cache and the gates belong to
//! the instance.
//!
//! Invariants: a gate's pending reads are operations whose completion task (or draw) is
//! queued; answers held by the output gate are released exactly once, when the object's
//! last pending write is confirmed.

use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::model::MsRange;
use crate::world::Task;

/// A Durable Object namespace binding (`[[durable_objects.bindings]]` in wrangler):
/// `env.<binding>` addresses objects of the worker's exported class `class_name`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DurableObjectSpec {
    /// The name the worker reaches the namespace by: `env.<binding>`.
    pub binding: String,
    /// The exported class the objects are instances of; with the worker's name, it keys
    /// the namespace's ids.
    pub class_name: String,
    /// A SQLite-backed class (wrangler's `new_sqlite_classes`).
    pub sqlite: bool,
    /// Latency of a storage read that misses the object's cache, and of the confirmation
    /// of a write; drawn by the schedule.
    pub latency: MsRange,
    /// The worker of the scenario that exports the class, when it is another one than the
    /// worker holding the binding (wrangler's `script_name`); `None`: the binding's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
}

/// What identifies an object: its class and its 64-hex-digit id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ObjectKey {
    pub class_name: String,
    pub id: String,
}

/// The key a namespace's ids are made with: SHA-256 of its unique key, which wrangler
/// (and crosstalk) make `<worker>-<class>` (workerd's `ActorIdFactoryImpl`).
fn namespace_key(worker: &str, class_name: &str) -> [u8; 32] {
    sha2::Sha256::digest(format!("{worker}-{class_name}").as_bytes()).into()
}

fn hmac(key: &[u8], bytes: &[u8]) -> Vec<u8> {
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(bytes);
    mac.finalize().into_bytes().to_vec()
}

/// A 32-byte id whose first half is `base`: the second half is the HMAC of the first,
/// which is how a namespace recognises its own ids.
fn with_mac(key: &[u8; 32], base: &[u8]) -> String {
    assert_eq!(base.len(), 16, "an id's base is 16 bytes");
    let mut id = base.to_vec();
    id.extend_from_slice(&hmac(key, base)[..16]);
    id.iter().map(|b| format!("{b:02x}")).collect()
}

/// `idFromName(name)`, as workerd computes it.
pub(crate) fn id_from_name(worker: &str, class_name: &str, name: &str) -> String {
    let key = namespace_key(worker, class_name);
    with_mac(&key, &hmac(&key, name.as_bytes())[..16])
}

/// `newUniqueId()` from 16 drawn bytes.
pub(crate) fn unique_id(worker: &str, class_name: &str, base: [u8; 16]) -> String {
    with_mac(&namespace_key(worker, class_name), &base)
}

/// `idFromString(text)`: the id, or workerd's error text.
pub(crate) fn id_from_string(worker: &str, class_name: &str, text: &str) -> Result<String, &'static str> {
    let bytes: Option<Vec<u8>> = (text.len() == 64)
        .then(|| (0..32).map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()).collect())
        .flatten();
    let Some(bytes) = bytes else { return Err("Invalid Durable Object ID: must be 64 hex digits") };
    let id = with_mac(&namespace_key(worker, class_name), &bytes[..16]);
    if id != text.to_ascii_lowercase() {
        return Err("Durable Object ID is not valid for this namespace.");
    }
    Ok(id)
}

/// A stored value: the structured-clone text `web/clone.js` made of it.
pub(crate) type Stored = String;

/// One object the run has addressed.
pub(crate) struct Object {
    pub key: ObjectKey,
    /// `idFromName`'s name, when the object was addressed by one.
    pub name: Option<String>,
    pub latency: MsRange,
    /// Its storage, in key order (workerd lists keys in byte order).
    pub storage: BTreeMap<String, Stored>,
    /// Keys the instance has read or written: a read of these needs no storage round trip.
    pub cached: BTreeSet<String>,
    /// Every key is known (after `list()` with no bounds or `deleteAll()`).
    pub all_cached: bool,
    pub gate: Gate,
    /// The alarm (R17): its time in Unix ms, and its `DoAlarm` task.
    pub alarm: Option<(i64, crate::world::TaskKey)>,
    /// Failures of the alarm so far: the next alarm event's `retryCount` (0 for one set by
    /// `setAlarm`).
    pub alarm_retries: u32,
    /// The binding the object was first addressed through (alarm requests name it).
    pub binding: String,
    /// A SQLite-backed class's database (`ctx.storage.sql`), opened on first use.
    pub sql: Option<crate::d1::Database>,
    /// The class is SQLite-backed.
    pub sqlite: bool,
    /// The object has an instance now (its constructor ran and no reset dropped it).
    pub instantiated: bool,
    /// The isolate its instance lives in.
    pub isolate: u32,
    /// The subrequests (request, n) the instance's constructor started outside a
    /// `blockConcurrencyWhile` (R15 does not cover them: calls are delivered meanwhile).
    pub constructor_io: Vec<(u32, u32)>,
    /// Storage as each open `transaction()` found it, by token: what a rollback restores.
    pub transactions: BTreeMap<u32, BTreeMap<String, Stored>>,
    /// The last transaction token handed out.
    pub transactions_begun: u32,
    /// The object's incarnation: each break (`ctx.abort()`, a failed
    /// `blockConcurrencyWhile`) starts a new one. A stub is bound to the incarnation its
    /// first call reached.
    pub generation: u32,
    /// What the calls of each broken incarnation fail with (`Name: message`), by
    /// generation. invariant: every key is below `generation`.
    pub breaks: BTreeMap<u32, String>,
    /// The key-value storage as it was before the first write still unconfirmed: a break
    /// restores it (unconfirmed writes are lost, R19). `None` while every write is
    /// confirmed.
    pub unconfirmed_base: Option<BTreeMap<String, Stored>>,
    /// The SQL database (an image) as it was before the first SQL write still
    /// unconfirmed: a break restores it too. `None` while every SQL write is confirmed.
    pub unconfirmed_sql_base: Option<Vec<u8>>,
}

/// The object's input and output gates.
#[derive(Debug, Default)]
pub(crate) struct Gate {
    /// Storage reads in flight, by (request, n): while any is, no other event is
    /// delivered to the object (R15).
    pub reads: BTreeSet<(u32, u32)>,
    /// The call whose `blockConcurrencyWhile` callback is running: only its own work runs.
    pub blocker: Option<u32>,
    /// Writes not yet confirmed, by (request, n) (R16).
    pub writes: BTreeSet<(u32, u32)>,
    /// Answers to callers held until the pending writes are confirmed.
    pub held: Vec<Task>,
}

impl Object {
    fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{}({name})", self.key.class_name),
            None => format!("{}({}…)", self.key.class_name, &self.key.id[..8]),
        }
    }
}

/// Every object the run has addressed, by number (0-based, in order of first use).
#[derive(Default)]
pub(crate) struct Objects {
    objects: RefCell<Vec<Object>>,
}

impl Objects {
    /// The number of object `key`, adding it on first use.
    pub(crate) fn address(&self, key: ObjectKey, name: Option<String>, spec: &DurableObjectSpec, isolate: u32) -> u32 {
        let mut objects = self.objects.borrow_mut();
        if let Some(i) = objects.iter().position(|o| o.key == key) {
            if objects[i].name.is_none() {
                objects[i].name = name;
            }
            return i as u32;
        }
        objects.push(Object {
            key,
            name,
            latency: spec.latency,
            storage: BTreeMap::new(),
            cached: BTreeSet::new(),
            all_cached: false,
            gate: Gate::default(),
            alarm: None,
            alarm_retries: 0,
            binding: spec.binding.clone(),
            sql: None,
            sqlite: spec.sqlite,
            instantiated: false,
            isolate,
            constructor_io: Vec::new(),
            transactions: BTreeMap::new(),
            transactions_begun: 0,
            generation: 0,
            breaks: BTreeMap::new(),
            unconfirmed_base: None,
            unconfirmed_sql_base: None,
        });
        u32::try_from(objects.len() - 1).expect("object numbers fit in u32")
    }

    /// Runs `f` on object `number`.
    pub(crate) fn with<T>(&self, number: u32, f: impl FnOnce(&mut Object) -> T) -> T {
        let mut objects = self.objects.borrow_mut();
        let object = objects.get_mut(number as usize).expect("object numbers come from `address`");
        f(object)
    }

    /// How traces and reports name object `number`: `Counter(main)`.
    pub(crate) fn label(&self, number: u32) -> String {
        self.with(number, |o| o.label())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.objects.borrow().is_empty()
    }

    /// R15: whether `task`, of a call to object `number`, must wait at the input gate.
    /// `completes` is the storage read the task completes, if it is one: a read's own
    /// completion always passes.
    pub(crate) fn gated(&self, number: u32, request: u32, delivery: bool, completes: Option<(u32, u32)>) -> bool {
        self.with(number, |o| {
            if completes.is_some_and(|key| o.gate.reads.contains(&key)) {
                return false;
            }
            if !o.gate.reads.is_empty() {
                return true;
            }
            match o.gate.blocker {
                // The blocking call's own work goes on, but no event is delivered to the
                // object, not even that call's own (its handler waits for the callback).
                Some(blocker) => delivery || blocker != request,
                None => false,
            }
        })
    }

    /// How many objects the run has addressed.
    pub(crate) fn len(&self) -> u32 {
        u32::try_from(self.objects.borrow().len()).expect("object numbers fit in u32")
    }

    /// The instance was reset: its cache, gates and open SQL cursors go; storage stays.
    pub(crate) fn forget_instance(&self, number: u32) {
        self.with(number, |o| {
            if let Some(db) = o.sql.as_mut() {
                db.close_cursors();
            }
            o.instantiated = false;
            o.constructor_io.clear();
            o.cached.clear();
            o.all_cached = false;
            o.gate.reads.clear();
            o.gate.blocker = None;
        });
    }
}
