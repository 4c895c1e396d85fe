// A CommonJS module of the project's own: `require` of a JSON file and of a package,
// `exports.name = …`, `exports.region`.
const ms = require("ms");
const plans = require("./plans.json");

exports.describe = function describe(name) {
  const plan = plans[name];
  if (!plan) return null;
  return { name, cents: plan.cents, trial: ms(ms(plan.trial), { long: true }) };
};
exports.region = "eu";
