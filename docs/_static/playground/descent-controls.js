/* descent-controls.js: the playgrounds' controls, the same in every kind: a labelled slider
 * with its value (and its marks, such as 2/λmax), the range of a hyperparameter's slider, a
 * button, a checkbox, the time scrubber under a plot, and Step / Play / Reset.
 *
 * A control drives its playground (`host`) through a few methods of the playground base
 * (descent-playground.js): setT(t), reset(), stop(), announce(), and reads host.t,
 * host.horizon (the scrubber's end) and host.limit (the last step there is).
 *
 * A classic script (the site must work from file://), loaded after descent-plot.js: it defines
 * one global, DescentControls.
 */
((root) => {
  "use strict";
  const D = root.DescentCore;
  const { el, fmt, nextId, reducedMotion, symbol } = root.DescentPlot;

  const PLAY_STEPS_PER_SECOND = 12; // at least; a long horizon replays in PLAY_SECONDS
  const PLAY_SECONDS = 5;

  /** A labelled range slider with its value shown. `spec`: {label, min, max, value, log, step,
   * marks: [{value, text, title}]}; onInput(value). A linear slider moves by `step` (the
   * precision it shows); a log slider by a ratio of 10^(1/24), about 10 %, shown to 3 digits. */
  function slider(spec, onInput) {
    const id = nextId("slider");
    const log = !!spec.log;
    const span = log ? Math.log10(spec.max / spec.min) : spec.max - spec.min;
    const step = log ? 1 / 24 : spec.step || span / 100;
    const N = Math.max(1, Math.round(span / step));
    const toPos = (v) =>
      log ? (N * Math.log10(v / spec.min)) / span : (N * (v - spec.min)) / span;
    const fromPos = (p) => (log ? spec.min * 10 ** ((p / N) * span) : spec.min + (span * p) / N);
    const round = (v) =>
      spec.step
        ? Number((Math.round(v / spec.step) * spec.step).toPrecision(6))
        : Number(v.toPrecision(3));
    const input = el("input", {
      type: "range",
      id: id,
      min: "0",
      max: String(N),
      step: "1",
      value: String(Math.round(toPos(spec.value))),
    });
    const output = el("output", { for: id, text: fmt(spec.value) });
    input.setAttribute("aria-valuetext", fmt(spec.value));
    const box = el("div", { class: "pg-slider" }, [
      el("label", { for: id, text: spec.label }),
      el("div", { class: "pg-range" }, [input]),
      output,
    ]);
    for (const mark of spec.marks || []) {
      const pct = (100 * toPos(mark.value)) / N;
      if (!(pct >= 0 && pct <= 100)) continue;
      const m = el("span", { class: "pg-mark", text: mark.text, title: mark.title || mark.text });
      // under the thumb's centre at that value (the thumb is 16 px wide)
      m.style.left = `calc(${pct}% + ${(0.5 - pct / 100) * 16}px)`;
      box.querySelector(".pg-range").append(m);
      box.classList.add("pg-has-marks");
      if (mark.title) input.setAttribute("aria-description", mark.title);
    }
    input.addEventListener("input", () => {
      const v = round(fromPos(Number(input.value)));
      output.textContent = fmt(v);
      input.setAttribute("aria-valuetext", fmt(v));
      onInput(v);
    });
    return box;
  }

  /** The marks of a learning-rate slider on a quadratic, where the optimizers it sets start
   * to diverge: 2/λmax for gradient descent, 2(1 + β)/λmax for heavy-ball momentum alone. No
   * mark where none is defined: an adaptive method, or a surface with no minimum. */
  function stabilityMarks(surface, targets) {
    const lam = surface.eigenvalues;
    if (!lam?.every((l) => l > 0)) return [];
    const lamMax = lam[lam.length - 1];
    const names = new Set((targets || [{ name: "GradientDescent" }]).map((o) => o.name));
    if (names.has("GradientDescent")) {
      const limit = 2 / lamMax;
      return [
        {
          value: limit,
          text: "2/λmax",
          title: `2/λmax = ${fmt(limit)}: gradient descent diverges to the right of this mark`,
        },
      ];
    }
    if (names.size === 1 && names.has("Momentum") && targets.length === 1) {
      const limit = (2 * (1 + targets[0].hyper.beta)) / lamMax;
      return [
        {
          value: limit,
          text: "2(1+β)/λmax",
          title: `2(1 + β)/λmax = ${fmt(limit)}: momentum diverges to the right of this mark`,
        },
      ];
    }
    return [];
  }

  // the learning rate's own words; the other hyperparameters are named by their symbol
  const WORDS = { lr: "learning rate", weight_decay: "weight decay" };

  /** The slider of hyperparameter `param` starting at `value` for `targets` (the optimizers it
   * sets), from the range descent accepts (the registry's `ranges`): a rate on a log scale
   * from value/20 to 20·value (at most 2), with its 2/λmax mark; a β in [0, 1) linear to
   * 0.99 (β₂ from 0.5 to 0.999); ε on a log scale; anything else from its range's lower end
   * (or 0) to twice its value. `conf` (the directive's min, max) overrides the range. */
  function sliderSpec(param, value, surface, conf, targets) {
    const range = D.registry().optimizers[targets[0].name].ranges?.[param] || {};
    let base;
    if (param === "lr") base = { min: value / 20, max: Math.min(value * 20, 2), log: true };
    else if (param === "beta2") base = { min: 0.5, max: 0.999, step: 0.001 };
    else if (range.max === 1) base = { min: range.min || 0, max: 0.99, step: 0.01 };
    else if (range.min_open) base = { min: value / 1e3, max: value * 1e3, log: true };
    else base = { min: range.min ?? 0, max: Math.max(1, 2 * value), step: 0.01 };
    const label = WORDS[param] ? `${WORDS[param]} ${symbol(param)}` : symbol(param);
    const marks = param === "lr" ? stabilityMarks(surface, targets) : [];
    return Object.assign({ value: value, label: label, marks: marks }, base, conf || {});
  }

  function button(text, onClick, extra) {
    return el(
      "button",
      Object.assign({ type: "button", class: "pg-button", onclick: onClick }, extra || {}),
      [text],
    );
  }

  function checkbox(text, checked, onChange) {
    const id = nextId("toggle");
    const box = el("input", { type: "checkbox", id: id });
    box.checked = checked;
    box.addEventListener("change", () => onChange(box.checked));
    return el("span", { class: "pg-toggle" }, [box, el("label", { for: id, text: text })]);
  }

  /** The time scrubber: a range over the steps computed so far, under the plot. */
  function scrubber(host) {
    const id = nextId("time");
    const input = el("input", {
      type: "range",
      id: id,
      min: "0",
      max: String(host.horizon),
      step: "1",
      value: String(host.t),
      class: "pg-scrubber",
    });
    input.addEventListener("input", () => {
      host.stop();
      host.setT(Number(input.value));
    });
    const row = el("div", { class: "pg-time" }, [
      el("label", { for: id, text: host.timeLabel || "step" }),
      input,
    ]);
    host.scrub = input;
    return row;
  }

  /** Step / Play / Reset (and "1000 steps" unless host.longRun is false), driving `host.t`
   * up to `host.horizon` on Play; the step counter after them. */
  function transport(host) {
    const play = button("Play", () => (host.timer ? stop() : start()), { "aria-pressed": "false" });
    let last = 0;
    let carry = 0;
    function frame(now) {
      if (!host.timer) return;
      const rate = Math.max(PLAY_STEPS_PER_SECOND, host.horizon / PLAY_SECONDS);
      carry += ((now - (last || now)) / 1000) * rate;
      last = now;
      const n = Math.floor(carry);
      carry -= n;
      if (n > 0) host.setT(Math.min(host.t + n, host.horizon), true);
      if (host.t >= host.horizon) stop();
      else host.timer = requestAnimationFrame(frame);
    }
    function start() {
      if (reducedMotion()) {
        host.setT(host.horizon); // no animation asked for: the whole run at once
        return;
      }
      if (host.t >= host.horizon) host.setT(0, true);
      last = 0;
      carry = 1; // the first step at once
      host.timer = requestAnimationFrame(frame);
      play.textContent = "Pause";
      play.setAttribute("aria-pressed", "true");
    }
    function stop() {
      const was = host.timer;
      if (host.timer) cancelAnimationFrame(host.timer);
      host.timer = 0;
      play.textContent = "Play";
      play.setAttribute("aria-pressed", "false");
      if (was) host.announce();
    }
    host.stop = stop;
    host.play = start;
    const row = el("div", { class: "pg-transport", role: "group", "aria-label": "run controls" }, [
      button("Step", () => {
        stop();
        host.setT(host.t + 1);
      }),
      play,
      button("Reset", () => {
        stop();
        host.reset();
      }),
    ]);
    if (host.longRun !== false) {
      row.append(
        button(
          `${host.limit} steps`,
          () => {
            stop();
            host.setT(host.limit);
          },
          { title: `run ${host.limit} steps and draw them at once` },
        ),
      );
    }
    // the counter is seen; what a screen reader hears is `live`, said when things settle
    const counter = el("span", { class: "pg-counter" });
    row.append(counter);
    host.counter = counter;
    return row;
  }

  root.DescentControls = {
    button: button,
    checkbox: checkbox,
    scrubber: scrubber,
    slider: slider,
    sliderSpec: sliderSpec,
    stabilityMarks: stabilityMarks,
    transport: transport,
  };
})(typeof globalThis !== "undefined" ? globalThis : this);
