//! Workflows (wrangler `workflows`), the host side: `host.workflow(op, binding, args)`,
//! the one door of `web/bindings.js`' Workflow binding and of the instances' runs.
//!
//! `create()`, `get()`, `status()` and `terminate()` are I/O of the calling request: each
//! completes after a latency the schedule draws. A created instance runs as a request of
//! its own in the creating isolate (`EventSpec::Workflow`, made by the run like a Durable
//! Object's alarm, never by the scenario; its outcome is "called by" the runtime through
//! `BINDING workflow ID`), so its steps, sleeps and retries interleave with the requests
//! under the virtual clock, and it outlives the request that created it.

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::class::Class;
use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsResult, JsString, JsValue, js_error, js_string};

use crate::engine::Host;
use crate::host::binding_io::{self, BindingOp};
use crate::host::web::WebModule;
use crate::model::{EventSpec, MsRange, RequestSpec};
use crate::trace::{EventKind, Owner};
use crate::world::{RequestState, Task, TaskKind, WorkflowInstance};

/// How long a call to the Workflows service takes.
const WORKFLOW_LATENCY: MsRange = MsRange::new_range(1, 5);

enum Effect {
    /// The instance, reserved when `create()` was called, starts.
    Create { class: String, payload: String },
    /// Resolves if the instance exists.
    Get,
    /// Resolves to the instance's status.
    Status,
    /// Ends the instance: its run stops at its next step.
    Terminate,
}

/// A call waiting for its latency to pass.
pub(crate) struct WorkflowOp {
    binding: String,
    instance: String,
    effect: Effect,
    resolvers: ResolvingFunctions,
}

impl BindingOp for WorkflowOp {
    const LABEL: &'static str = "workflow";

    fn describe(&self) -> String {
        format!("{} workflow {}", self.binding, self.instance)
    }

    fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
        let Some(op) = binding_io::take::<WorkflowOp>(host, key) else { return };
        host.current.set(Owner::Request(key.0));
        let name = (op.binding.clone(), op.instance.clone());
        let found = host.world.workflows.borrow().get(&name).cloned();
        let (result, settled): (String, JsResult<JsValue>) = match (op.effect, found) {
            (Effect::Create { class, payload }, _) => {
                let run = spawn(host, &op.binding, &class, &op.instance, &payload);
                (format!("created, run by {}", Owner::Request(run)), Ok(JsValue::undefined()))
            }
            (_, None) => ("instance.not_found".to_string(), Err(js_error!(Error: "instance.not_found"))),
            (Effect::Get, Some(_)) => ("found".to_string(), Ok(JsValue::undefined())),
            (Effect::Status, Some(instance)) => (instance.status.to_string(), status_object(&instance, context)),
            (Effect::Terminate, Some(instance)) => {
                let ended = matches!(instance.status, "complete" | "errored" | "terminated");
                if !ended {
                    host.world.workflows.borrow_mut().entry(name).and_modify(|i| i.status = "terminated");
                }
                ("terminated".to_string(), Ok(JsValue::undefined()))
            }
        };
        host.record(EventKind::BindingAnswered { n: key.1, result });
        crate::host::settle(&op.resolvers, settled, context);
    }
}

/// `{ status, output?, error? }`: the output decoded in this isolate.
fn status_object(instance: &WorkflowInstance, context: &mut Context) -> JsResult<JsValue> {
    let object = boa_engine::object::ObjectInitializer::new(context).build();
    object.set(js_string!("status"), JsString::from(instance.status), false, context)?;
    if let Some(output) = &instance.output {
        let text: JsValue = JsString::from(output.as_str()).into();
        let value = crate::host::web::call(WebModule::Bindings, "decode", &[text], context)?;
        object.set(js_string!("output"), value, false, context)?;
    }
    if let Some((name, message)) = &instance.error {
        let error = boa_engine::object::ObjectInitializer::new(context).build();
        error.set(js_string!("name"), JsString::from(name.as_str()), false, context)?;
        error.set(js_string!("message"), JsString::from(message.as_str()), false, context)?;
        object.set(js_string!("error"), error, false, context)?;
    }
    Ok(object.into())
}

/// `[faults] workflow_hibernation`: run `request` of a Workflow instance hibernated while
/// it slept; its timer is due now. The run ends, and a new run replays `run()` at once,
/// reading the stored results of the steps already done.
pub(crate) fn hibernate(host: &Host, request: u32) {
    let (binding, instance) =
        host.world.with_request(request, |r| r.workflow_of.clone()).expect("only a Workflow run hibernates");
    let (class, payload) = match host.world.with_request(request, |r| r.spec.event.clone()) {
        EventSpec::Workflow { class, payload, .. } => (class, payload),
        _ => unreachable!("a Workflow run's event is its Workflow"),
    };
    crate::lifecycle::end_hibernated(host, request);
    let resumed = spawn(host, &binding, &class, &instance, &payload);
    host.world.record(
        Owner::Request(request),
        EventKind::WorkflowHibernated { instance, resumed_by: Owner::Request(resumed) },
    );
}

/// The instance's run: a request of its own, dispatched now in this isolate.
fn spawn(host: &Host, binding: &str, class: &str, instance: &str, payload: &str) -> u32 {
    let world = &host.world;
    let spec = RequestSpec {
        url: format!("{binding} workflow {instance}"),
        method: "WORKFLOW".to_string(),
        headers: Vec::new(),
        body: None,
        arrival: MsRange::fixed(world.now()),
        isolate: Some(host.isolate),
        event: EventSpec::Workflow {
            binding: binding.to_string(),
            class: class.to_string(),
            instance: instance.to_string(),
            payload: payload.to_string(),
        },
        cf: std::collections::BTreeMap::new(),
        websocket: None,
    };
    let id = {
        let mut requests = world.requests.borrow_mut();
        let id = u32::try_from(requests.len() + 1).expect("request ids fit in u32");
        let mut state = RequestState::new(id, id as usize - 1, host.isolate, spec, world.now());
        state.workflow_of = Some((binding.to_string(), instance.to_string()));
        requests.push(state);
        id
    };
    world.workflows.borrow_mut().entry((binding.to_string(), instance.to_string())).and_modify(|i| i.run = id);
    world
        .schedule(world.now(), Task { isolate: host.isolate, owner: Owner::Request(id), kind: TaskKind::Dispatch(id) });
    id
}

/// Runs instance `instance` of `class` for request `id`: `web/bindings.js`' `runWorkflow`,
/// whose promise settles when `run()` has ended (its status recorded).
pub(crate) fn run_instance(
    id: u32,
    binding: &str,
    class: &str,
    instance: &str,
    payload: &str,
    env: &JsValue,
    context: &mut Context,
) -> JsResult<JsValue> {
    let host = Host::of(context);
    let handler = host
        .get::<crate::host::fetch_event::Handlers>()
        .entrypoint(class)
        .ok_or_else(|| js_error!(TypeError: "the worker does not export the Workflow class {}", class))?;
    let ctx: JsValue = crate::host::fetch_event::ExecutionContext::from_data(
        crate::host::fetch_event::ExecutionContext { request_id: id },
        context,
    )?
    .into();
    let text = |s: &str| -> JsValue { JsString::from(s).into() };
    crate::host::web::call(
        WebModule::Bindings,
        "runWorkflow",
        &[handler.into(), env.clone(), ctx, text(binding), text(instance), text(payload)],
        context,
    )
}

/// `host.workflow(op, binding, args)`.
pub(crate) fn host_workflow(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let op = arg(0).to_string(context)?.to_std_string_escaped();
    let binding = arg(1).to_string(context)?.to_std_string_escaped();
    let list = arg(2).as_object().and_then(|o| JsArray::from_object(o.clone()).ok());
    let mut values = Vec::new();
    if let Some(list) = list {
        for i in 0..list.length(context)? {
            values.push(list.get(i, context)?.to_string(context)?.to_std_string_escaped());
        }
    }
    let value = |i: usize| values.get(i).cloned().unwrap_or_default();
    let instance = value(0);
    let host = Host::of(context);
    let key = (binding.clone(), instance.clone());
    match op.as_str() {
        // A step's stored result (or a sleep's end), for a replay: the text, or undefined.
        "cached" => {
            let workflows = host.world.workflows.borrow();
            let stored = workflows.get(&key).and_then(|i| i.steps.get(&value(1)).cloned());
            Ok(stored.map_or(JsValue::undefined(), |s| JsString::from(s).into()))
        }
        "store" => {
            if let Some(entry) = host.world.workflows.borrow_mut().get_mut(&key) {
                entry.steps.insert(value(1), value(2));
            }
            Ok(JsValue::undefined())
        }
        "step" => {
            host.record(EventKind::WorkflowStep { instance, step: value(1), what: value(2) });
            Ok(JsValue::undefined())
        }
        // From the instance's own run: no I/O.
        "running" | "finish" | "state" => {
            let mut workflows = host.world.workflows.borrow_mut();
            let entry = workflows.get_mut(&key).ok_or_else(|| js_error!(Error: "instance.not_found"))?;
            match op.as_str() {
                "running" if entry.status == "queued" => entry.status = "running",
                "finish" if entry.status == "running" => {
                    if value(1) == "complete" {
                        entry.status = "complete";
                        entry.output = Some(value(2));
                    } else {
                        entry.status = "errored";
                        entry.error = Some((value(2), value(3)));
                    }
                }
                _ => {}
            }
            Ok(JsString::from(entry.status).into())
        }
        "create" | "get" | "status" | "terminate" => {
            let effect = match op.as_str() {
                "create" => {
                    let mut workflows = host.world.workflows.borrow_mut();
                    if workflows.contains_key(&key) {
                        return Err(js_error!(Error: "instance.already_exists"));
                    }
                    // Reserved now, so two creates of one id conflict in every schedule.
                    let steps = Default::default();
                    workflows
                        .insert(key, WorkflowInstance { status: "queued", output: None, error: None, run: 0, steps });
                    Effect::Create { class: value(2), payload: value(1) }
                }
                "get" => Effect::Get,
                "status" => Effect::Status,
                _ => Effect::Terminate,
            };
            let call = format!("{op}({instance:?})");
            let event = |n, at| EventKind::BindingCall { n, binding: binding.clone(), call: call.clone(), at };
            let started = binding_io::begin("Workflow", "a Workflow call", event, context)?;
            let op = WorkflowOp { binding, instance, effect, resolvers: started.resolvers.clone() };
            Ok(binding_io::queue(&host, &started, op, WORKFLOW_LATENCY))
        }
        other => Err(js_error!(TypeError: "unknown Workflow operation {}", other)),
    }
}

/// The `env` objects of the model's Workflow bindings.
pub(crate) fn bindings(
    model: &crate::model::Model,
    context: &mut Context,
) -> JsResult<Vec<(String, boa_engine::JsObject)>> {
    let mut out = Vec::new();
    for spec in &model.workflows {
        let args = [JsString::from(spec.binding.as_str()).into(), JsString::from(spec.class_name.as_str()).into()];
        let object = crate::host::web::call(WebModule::Bindings, "workflow", &args, context)?;
        let object = object.as_object().ok_or_else(|| js_error!(TypeError: "a Workflow binding"))?.clone();
        out.push((spec.binding.clone(), object));
    }
    Ok(out)
}
