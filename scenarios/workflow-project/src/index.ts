import { WorkflowEntrypoint, WorkflowEvent, WorkflowStep } from "cloudflare:workers";

interface Env {
  ONBOARDING: Workflow;
}

type Params = { email: string };

// Onboarding: create the account, welcome the user, wait, then follow up.
export class Onboarding extends WorkflowEntrypoint<Env, Params> {
  async run(event: WorkflowEvent<Params>, step: WorkflowStep) {
    const account = await step.do("create account", async () => {
      const response = await fetch("https://api.example/accounts", { method: "POST", body: event.payload.email });
      return (await response.json()) as { id: number };
    });
    // The bug: the welcome email is sent outside a step. When the instance hibernates
    // during the sleep, the engine replays run() from the start: the account comes from
    // the stored step, but this line runs again and the user gets a second email.
    await (await fetch("https://mail.example/send", { method: "POST", body: `welcome ${account.id}` })).text();
    await step.sleep("wait before following up", "30 minutes");
    await step.do("follow up", async () => {
      await (await fetch("https://mail.example/send", { method: "POST", body: `how is it going ${account.id}` })).text();
    });
    return account.id;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const email = new URL(request.url).searchParams.get("email") ?? "anonymous@example.com";
    const instance = await env.ONBOARDING.create({ params: { email } });
    return Response.json({ id: instance.id });
  },
} satisfies ExportedHandler<Env>;
