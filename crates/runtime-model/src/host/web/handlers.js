// The objects the `scheduled` and `queue` handlers receive, crosstalk's own code:
// `ScheduledController` (module syntax) and the `scheduled` event (service-worker
// syntax), `MessageBatch` and `Message` (with ack/retry), and the `queue` event.
//
// A batch keeps each message's fate: the first decision about a message wins, whether
// ack()/retry() on it or ackAll()/retryAll() on the batch (the Queues documentation's
// precedence rules). When the handler is done, `fates` reports every
// message: undecided ones are acknowledged if the handler succeeded, retried if it threw.
(function (host) {
  "use strict";

  class ScheduledController {
    constructor(scheduledTime, cron) {
      this.scheduledTime = scheduledTime;
      this.cron = cron;
    }

    noRetry() {}
  }

  const decisions = new WeakMap();

  class Message {
    constructor(batch, spec, timestamp) {
      this.id = spec.id;
      this.timestamp = new Date(timestamp);
      this.body = JSON.parse(spec.body);
      this.attempts = spec.attempts;
      decisions.set(this, batch);
    }

    ack() {
      decide(decisions.get(this), this.id, "acked");
    }

    retry() {
      decide(decisions.get(this), this.id, "retried");
    }
  }

  // The first decision about a message wins, one by one or for the whole batch.
  function decide(state, id, fate) {
    if (!state.fates.has(id)) state.fates.set(id, fate);
  }

  const batches = new WeakMap();

  class MessageBatch {
    constructor(queue, messages, timestamp) {
      const state = { fates: new Map() };
      batches.set(this, state);
      this.queue = queue;
      this.messages = messages.map((m) => new Message(state, m, timestamp));
    }

    ackAll() {
      const state = batches.get(this);
      for (const m of this.messages) decide(state, m.id, "acked");
    }

    retryAll() {
      const state = batches.get(this);
      for (const m of this.messages) decide(state, m.id, "retried");
    }
  }

  function event(type, fields, ctx) {
    const e = Object.assign(Object.create(null), fields);
    e.type = type;
    e.waitUntil = (promise) => ctx.waitUntil(promise);
    return e;
  }

  return {
    controller(scheduledTime, cron) {
      return new ScheduledController(scheduledTime, cron);
    },

    scheduledEvent(scheduledTime, cron, ctx) {
      return event("scheduled", { scheduledTime, cron, noRetry() {} }, ctx);
    },

    batch(queue, messages, timestamp) {
      return new MessageBatch(queue, messages, timestamp);
    },

    queueEvent(batch, ctx) {
      return event(
        "queue",
        { queue: batch.queue, messages: batch.messages, ackAll: () => batch.ackAll(), retryAll: () => batch.retryAll() },
        ctx,
      );
    },

    // `waitUntil` of cloudflare:workers: `ctx.waitUntil` of the running request (at the
    // top level, workerd's global-scope error).
    waitUntil(promise) {
      host.doWaitUntil(promise);
    },

    // `exports` of cloudflare:workers: the worker's loopback bindings (`ctx.exports`).
    loopbackExports() {
      return host.exports();
    },

    // Every message's fate once the handler is done, as JSON text.
    fates(batch, succeeded) {
      const state = batches.get(batch);
      const acked = [];
      const retried = [];
      for (const m of batch.messages) {
        const decided = state.fates.get(m.id);
        const fate = decided === undefined ? (succeeded ? "acked" : "retried") : decided;
        (fate === "acked" ? acked : retried).push(m.id);
      }
      return JSON.stringify({ acked, retried });
    },
  };
});
