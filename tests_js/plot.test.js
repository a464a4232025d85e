// The playgrounds' words and numbers (docs/_static/playground/descent-plot.js): a run's legend
// label reads as the figures' ("gradient descent, α = 0.03"), from the names, symbols and
// defaults of descent's registry (the JSON the pages carry, recorded by export_golden.py), and
// numbers are written for people. Run with `nox -s js`.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const DIR = path.resolve(__dirname, "..", "docs", "_static", "playground");

/** descent-core.js then descent-plot.js, as a page loads them, in a fresh global. */
function load() {
  const sandbox = { console };
  sandbox.globalThis = sandbox;
  vm.createContext(sandbox);
  for (const file of ["descent-core.js", "descent-plot.js"]) {
    const where = path.join(DIR, file);
    vm.runInContext(fs.readFileSync(where, "utf8"), sandbox, { filename: where });
  }
  const golden = JSON.parse(fs.readFileSync(path.join(__dirname, "golden.json"), "utf8"));
  sandbox.DescentCore.useRegistry(golden.registry);
  return { P: sandbox.DescentPlot, registry: golden.registry };
}

const { P, registry } = load();
const NBSP = "\u00a0";

test("a legend names each optimizer with the registry's words, not its class name", () => {
  for (const [cls, spec] of Object.entries(registry.optimizers)) {
    const hyper = Object.assign({ lr: 0.03 }, spec.defaults, { lr: 0.03 });
    assert.equal(P.label(cls, hyper), `${spec.name}, α = 0.03`);
  }
  assert.equal(P.label("GradientDescent", { lr: 0.03 }), "gradient descent, α = 0.03");
});

test("a legend writes a hyperparameter that is a name as the name", () => {
  const lbfgs = registry.optimizers.LBFGS;
  const text = P.label("LBFGS", { lr: 1, line_search_fn: "strong_wolfe" });
  assert.ok(text.startsWith(`${lbfgs.name}, α = 1, `), text);
  assert.ok(text.endsWith(" = strong_wolfe"), text);
  assert.ok(!text.includes("∞"), text);
});

test("a legend adds what differs from descent's defaults, and what is on a slider", () => {
  assert.equal(P.label("Momentum", { lr: 0.03, beta: 0.7 }), "momentum, α = 0.03, β = 0.7");
  assert.equal(P.label("Momentum", { lr: 0.03, beta: 0.9 }), "momentum, α = 0.03");
  assert.equal(
    P.label("Momentum", { lr: 0.03, beta: 0.9 }, ["beta"]),
    "momentum, α = 0.03, β = 0.9",
  );
  const adam = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, bias_correction: false };
  assert.equal(P.label("Adam", adam), "Adam, α = 0.1, no bias correction");
  assert.equal(P.label("Adam", adam, [], String), "Adam, α = 0.1, no bias correction");
  assert.equal(
    P.label("Momentum", { lr: 1e-4, beta: 0.8 }, [], String),
    "momentum, α = 0.0001, β = 0.8",
  );
});

test("numbers for people: 4 digits, powers of ten unbroken, a minus sign", () => {
  assert.equal(P.fmt(0.095581), "0.09558");
  assert.equal(P.fmt(6.96e15), `7.0${NBSP}×${NBSP}10¹⁵`);
  assert.equal(P.fmt(-4.8e-5), `−4.8${NBSP}×${NBSP}10⁻⁵`);
  assert.equal(P.fmt(-2), "−2");
  assert.equal(P.fmt(Number.POSITIVE_INFINITY), "∞");
  assert.equal(P.three(0.0171234), "0.0171");
  for (const v of [1e16, -3e-9, 12345.678, 0.5]) assert.doesNotMatch(P.fmt(v), /e[+-]|\^/);
});
