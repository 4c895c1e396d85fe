import process from "node:process";

export default {
  fetch(request, env) {
    const names = Object.keys(env).sort();
    return Response.json({
      types: names.map((name) => `${name}:${typeof env[name]}`),
      sum: env.LIMIT + 1,
      scaled: env.RATIO * 8,
      enabled: env.ENABLED === true,
      origins: env.ORIGINS.length,
      first: env.ORIGINS[0],
      depth: env.FEATURES.depth,
      beta: env.FEATURES.beta,
      overridden: env.OVERRIDDEN,
      fresh: env.FEATURES !== JSON.parse(JSON.stringify(env.FEATURES)),
      processEnv: Object.keys(process.env).sort().map((name) => `${name}=${process.env[name]}`),
    });
  },
};
