/* descent-playground.js: the interactive playgrounds of the site.
 *
 * The {playground} directive (docs/_ext/playground.py) writes
 *   <div class="playground" data-kind="2d" data-config='{"surface": ..., ...}'>…</div>
 * and this script turns each such div into a plot on a <canvas> with its controls: Step, Play,
 * Reset, sliders with their values, a click on the plot (or the arrow keys) to choose a start.
 * The math is descent-core.js (DescentCore), checked against the Python library by
 * tests_js/. A classic script (the site must work from file://); it defines DescentPlayground.
 *
 * Kinds: "1d" (a curve, its tangent, θ/J/slope), "2d" (contours and one path per optimizer),
 * "triptych" (three learning rates, one slider), "open" (any surface, any optimizers),
 * "ema" (a noisy signal and its moving average), "sgd" (mini-batches vs the full batch).
 *
 * Instant: every path is computed to LONG_RUN steps whenever a slider or the start moves (a
 * few milliseconds) and drawn at once up to the time scrubber's step; the loss plot under it
 * (log scale) has a cursor at the same step, and a drag on it scrubs too. Play replays. A path
 * that leaves the frame is cut where it crosses the edge, with an arrow and the step at which
 * it left ("diverged at step N" once descent's run has diverged; "escapes" on a surface with
 * no minimum, a saddle), never drawn to a point far outside.
 *
 * Each playground div gets `.playground` = {state(), ...} for tests and the console.
 *
 * The drawing (the plot, its axes, markers, runs cut at the frame, the loss plot, contours and
 * the theme's colours) is descent-plot.js (DescentPlot); here are the controls (sliders, the
 * time scrubber, Step / Play / Reset), the playground base and one class per kind.
 *
 * What descent says about its optimizers (hyperparameters, defaults, colours, symbols) is not
 * copied here: the page carries it as <script type="application/json" id="descent-registry">,
 * written by the directive from the library, and this script hands it to DescentCore.
 */
((root) => {
  "use strict";
  const D = root.DescentCore;
  const {
    Plot,
    LossPlot,
    color,
    drawContours,
    drawStar,
    drawTrail,
    el,
    exitOf,
    fmt,
    ink,
    label,
    markerOf,
    mounted,
    nextId,
    paintSwatch,
    reducedMotion,
    styleColor,
    symbol,
    textInk,
    theme,
    watchTheme,
  } = root.DescentPlot;

  const REGISTRY_ID = "descent-registry";
  const PLAY_STEPS_PER_SECOND = 12; // at least; a long horizon replays in PLAY_SECONDS
  const PLAY_SECONDS = 5;
  const LONG_RUN = 1000;

  // -- controls -----------------------------------------------------------------------------

  /** A labelled range slider with its value shown. `spec`: {label, min, max, value, log, step,
   * marks: [{value, text}]}; onInput(value). A linear slider moves by `step` (the precision it
   * shows); a log slider by a ratio of 10^(1/24), about 10 %, shown to 3 digits. */
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
      m.style.left = `calc(${pct}% + ${(0.5 - pct / 100) * 16}px)`;
      box.querySelector(".pg-range").append(m);
      box.classList.add("pg-has-marks");
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

  /** Step / Play / Reset / +1000, driving `host.t` up to `host.horizon` on Play. */
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
          `${LONG_RUN} steps`,
          () => {
            stop();
            host.setT(LONG_RUN);
          },
          { title: `run ${LONG_RUN} steps and draw them at once` },
        ),
      );
    }
    // the counter is seen; what a screen reader hears is `live`, said when things settle
    const counter = el("span", { class: "pg-counter" });
    row.append(counter);
    host.counter = counter;
    return row;
  }

  // -- the playground base: a container, a plot, controls, redraw on resize -----------------

  class Playground {
    constructor(root, config) {
      this.root = root;
      this.config = config;
      this.timer = 0;
      this.maxSteps = config.steps || 100;
      this.limit = LONG_RUN; // the last step that can be shown
      this.horizon = this.maxSteps; // the scrubber's end
      this.t = this.maxSteps; // the whole path, at once
      this.body = el("div", { class: "pg-body" });
      this.live = el("p", { class: "pg-live", "aria-live": "polite" });
      root.prepend(this.body);
      root.append(this.live);
      root.classList.add("pg-ready");
      root.playground = this;
      mounted.add(this);
    }

    /** Its plots (to draw again in a new theme). */
    plots() {
      const own = this.plot ? [this.plot] : [];
      return this.loss ? own.concat([this.loss.plot]) : own;
    }

    observe() {
      let pending = false;
      const redraw = () => {
        pending = false;
        this.draw();
      };
      const schedule = () => {
        if (!pending) {
          pending = true;
          requestAnimationFrame(redraw);
        }
      };
      if (root.ResizeObserver) new ResizeObserver(schedule).observe(this.body);
      else root.addEventListener("resize", schedule);
      this.draw();
    }

    /** Show step `t` (the path drawn up to it); past the scrubber's end, the end moves. */
    setT(t, playing) {
      this.t = Math.max(0, Math.min(Math.round(t), this.limit));
      if (this.t > this.horizon) this.horizon = this.t;
      this.syncScrubber();
      this.draw();
      if (!playing) this.announce();
    }

    syncScrubber() {
      if (!this.scrub) return;
      this.scrub.max = String(this.horizon);
      this.scrub.value = String(this.t);
      this.scrub.setAttribute("aria-valuetext", `${this.timeLabel || "step"} ${this.t}`);
    }

    reset() {
      this.horizon = this.maxSteps;
      this.t = 0;
      this.syncScrubber();
      this.draw();
      this.announce();
    }

    /** Say what the plot shows now, once the reader pauses (not at every frame of a drag or
     * of Play: a polite live region that changes 12 times a second is never quiet). */
    announce() {
      clearTimeout(this.announcing);
      this.announcing = setTimeout(() => {
        if (!this.timer) this.live.textContent = this.summary ? this.summary() : "";
      }, 700);
    }

    /** Make the canvas choose the start: a click or a drag (kept inside the plot), or the
     * arrow keys when focused (Shift: larger moves); Enter steps. */
    pickStart(plot, dims) {
      const canvas = plot.canvas;
      let dragging = false;
      let next = null;
      let frame = 0;
      const flush = () => {
        frame = 0;
        if (next) this.setStart(next);
        next = null;
      };
      canvas.addEventListener("pointerdown", (event) => {
        const p = plot.eventPoint(event);
        if (!p) return;
        event.preventDefault();
        canvas.focus({ preventScroll: true });
        this.stop();
        dragging = true;
        canvas.setPointerCapture?.(event.pointerId);
        this.setStart(p.slice(0, dims));
      });
      canvas.addEventListener("pointermove", (event) => {
        if (!dragging) return;
        next = plot.eventPoint(event, true).slice(0, dims);
        if (!frame) frame = requestAnimationFrame(flush);
      });
      const end = () => {
        if (!dragging) return;
        dragging = false;
        if (frame) cancelAnimationFrame(frame);
        flush();
      };
      canvas.addEventListener("pointerup", end);
      canvas.addEventListener("pointercancel", end);
      canvas.addEventListener("keydown", (event) => {
        const [x0, x1, y0, y1] = plot.extent;
        const f = event.shiftKey ? 8 : 40;
        const dx = (x1 - x0) / f;
        const dy = (y1 - y0) / f;
        const moves = {
          ArrowLeft: [-dx, 0],
          ArrowRight: [dx, 0],
          ArrowUp: [0, dy],
          ArrowDown: [0, -dy],
        };
        if (moves[event.key]) {
          event.preventDefault();
          const s = this.start.slice();
          s[0] += moves[event.key][0];
          if (dims > 1) s[1] += moves[event.key][1];
          this.stop();
          this.setStart(s);
        } else if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          this.stop();
          this.setT(this.t + 1);
        }
      });
      this.startExtent = plot.extent;
    }

    /** A new start, kept inside the plot; the whole path is drawn from it at once. */
    setStart(start) {
      const e = this.startExtent;
      const kept = start.map((v, i) => (e ? Math.min(Math.max(v, e[2 * i]), e[2 * i + 1]) : v));
      this.start = kept.map((v) => Number(v.toPrecision(6)));
      this.t = this.horizon;
      this.syncScrubber();
      this.recompute();
      this.draw();
      this.announce();
    }

    hint(text) {
      return el("p", { class: "pg-hint", text: text });
    }
  }
  // -- kind "2d": one surface, one or more optimizers from one start ------------------------

  function sliderSpec(param, value, surface, conf, targets) {
    // the range of each slider; its label is the symbol descent.plot uses
    const base = {
      lr: { words: "learning rate", min: value / 20, max: Math.min(value * 20, 2), log: true },
      beta: { min: 0, max: 0.99, step: 0.01 },
      beta1: { min: 0, max: 0.99, step: 0.01 },
      beta2: { min: 0.5, max: 0.999, step: 0.001 },
      weight_decay: { words: "weight decay", min: 0, max: 1, step: 0.01 },
      eps: { min: 1e-10, max: 1, log: true },
    }[param];
    const label = base.words ? `${base.words} ${symbol(param)}` : symbol(param);
    const marks = param === "lr" ? stabilityMarks(surface, targets) : [];
    return Object.assign({ value: value, label: label, marks: marks }, base, conf || {});
  }

  const VELOCITY = new Set(["Momentum", "Nesterov"]);
  const three = (v) => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(3) : fmt(v));

  /** On a quadratic with a direction of negative curvature (a saddle): the stationary point
   * and that direction, to count the steps a run lingers there (as plot_saddle.py: |y| < 1). */
  function unstableDirection(surface) {
    const lam = surface.eigenvalues;
    if (!surface.A || !lam || !(lam[0] < 0) || surface.dim !== 2) return null;
    const [[a, b], [, d]] = surface.A;
    const l = lam[0];
    let v =
      Math.abs(b) < 1e-12 ? (Math.abs(a - l) < Math.abs(d - l) ? [1, 0] : [0, 1]) : [b, l - a];
    const n = Math.hypot(...v);
    v = v.map((c) => c / n);
    const axis = Math.abs(v[0]) === 1 ? 0 : Math.abs(v[1]) === 1 ? 1 : -1;
    const at = [0, 0];
    const name = axis >= 0 ? `|${surface.labels[axis]}|` : "the distance along the way down";
    return { dir: v, at: at, name: name };
  }

  class Surface2D extends Playground {
    constructor(root, config) {
      super(root, config);
      this.surface = this.makeSurface(config);
      this.start = config.start || this.defaultStart();
      this.optimizers = (config.optimizers || []).map((o) => ({
        name: o.name,
        hyper: Object.assign({}, o.hyper),
      }));
      this.show = { gradient: false, velocity: true, rates: true };
      this.build();
      this.recompute();
      this.observe();
    }

    makeSurface(config) {
      if (config.quadratic) {
        // a figure's own quadratic ½ xᵀAx (the directive's :matrix:, checked by descent)
        const { A, extent } = config.quadratic;
        return D.quadratic("quadratic", A, { extent: extent, latex: "½ xᵀAx" });
      }
      const s = D.SURFACES[config.surface];
      if (s?.dim !== 2) throw new Error(`no 2D surface ${config.surface}`);
      return s;
    }

    defaultStart() {
      const [x0, x1, y0, y1] = this.surface.extent;
      return [x0 + 0.15 * (x1 - x0), y0 + 0.8 * (y1 - y0)];
    }

    makePlot(holder) {
      const surface = this.surface;
      this.plot = new Plot(holder, {
        extent: surface.extent,
        labels: surface.labels,
        aspect: aspectOf(surface.extent),
        interactive: true,
        ariaLabel: `contours of ${surface.latex || surface.name}: click or drag to choose the start, or move it with the arrow keys; Enter steps`,
        drawBackground: (ctx, plot) => drawContours(ctx, plot, surface),
      });
      this.pickStart(this.plot, 2);
    }

    build() {
      this.plotHolder = el("div", { class: "pg-plot" });
      this.body.append(this.plotHolder);
      this.makePlot(this.plotHolder);
      this.body.append(scrubber(this));
      this.loss = new LossPlot(this.body, this, this.lossOptions?.());
      this.body.append(transport(this));
      this.sliders = el("div", { class: "pg-sliders" });
      for (const s of this.config.sliders || []) this.sliders.append(this.makeSlider(s));
      this.body.append(this.sliders);
      this.toggles = el("div", { class: "pg-toggles", role: "group", "aria-label": "draw" });
      this.body.append(this.toggles);
      this.makeToggles();
      this.legend = el("ul", { class: "pg-legend" });
      this.body.append(this.legend);
      this.body.append(
        this.hint(
          "Click or drag on the plot to move the start (or focus it: the arrow keys move it, Shift for larger moves; Enter steps). Drag the step slider or along the loss plot to move in time.",
        ),
      );
    }

    /** The insides that can be drawn, each with its box: the gradient step; the velocity of
     * the methods that have one; the per-coordinate rate of the adaptive ones. */
    makeToggles(all) {
      const names = this.optimizers.map((o) => o.name);
      const items = [
        checkbox("gradient step −α∇f", this.show.gradient, (v) => {
          this.show.gradient = v;
          this.draw();
        }),
      ];
      if (all || names.some((n) => VELOCITY.has(n))) {
        items.push(
          checkbox("velocity step −αv", this.show.velocity, (v) => {
            this.show.velocity = v;
            this.draw();
          }),
        );
      }
      if (all || names.some((n) => D.RATES.includes(n))) {
        items.push(
          checkbox("rate per coordinate α/(√s + ε)", this.show.rates, (v) => {
            this.show.rates = v;
            this.draw();
          }),
        );
      }
      this.toggles.replaceChildren(...items);
    }

    /** `s`: {param, optimizer (name, or absent for all that have it), min, max, log, marks}. */
    makeSlider(s) {
      const targets = this.optimizers.filter(
        (o) => (!s.optimizer || o.name === s.optimizer) && s.param in o.hyper,
      );
      if (!targets.length) throw new Error(`no optimizer has ${s.param}`);
      const spec = sliderSpec(s.param, targets[0].hyper[s.param], this.surface, s, targets);
      if (s.optimizer && this.optimizers.length > 1) spec.label = `${spec.label} (${s.optimizer})`;
      return slider(spec, (v) => {
        for (const o of targets) o.hyper[s.param] = v;
        this.recompute();
        this.draw();
        this.announce();
      });
    }

    recompute() {
      this.runs = this.optimizers.map((o) =>
        D.run(D.optimizer(o.name, o.hyper), this.surface, this.start, LONG_RUN, {
          keepStates: true,
        }),
      );
    }

    shownUpto() {
      return this.t;
    }

    shown(run) {
      return run.path.slice(0, this.shownUpto() + 1);
    }

    /** The loss plot's series: f − f* on a log scale where the surface has a minimum. */
    lossSeries() {
      const f = this.surface;
      const fmin = f.minima?.length ? Math.min(...f.minima.map((m) => f.value(m))) : null;
      return {
        log: fmin !== null,
        ylabel: fmin !== null ? (fmin === 0 ? "loss" : "f − f*") : "loss",
        series: this.runs.map((run, k) => ({
          values: fmin !== null ? run.loss.map((v) => v - fmin) : run.loss,
          inside: fmin === null ? run.path.map((p) => this.plot.inside(p)) : null,
          color: color(this.optimizers[k].name),
          marker: markerOf(this.optimizers[k].name),
        })),
      };
    }

    draw() {
      const plot = this.plot;
      plot.layout();
      plot.begin();
      plot.marker(this.start, "start");
      const labels = [];
      const queue = [];
      const escapes = !this.surface.minima?.length;
      this.exits = this.runs.map((run) => exitOf(plot, run.path));
      this.said = this.runs.map((run, k) => {
        const o = this.optimizers[k];
        return drawTrail(plot, run, run.path, this.t, {
          color: color(o.name),
          marker: markerOf(o.name),
          labels: labels,
          queue: queue,
          escapes: escapes,
          exit: this.exits[k],
        });
      });
      for (const place of queue) place();
      this.drawInsides();
      this.counter.textContent = `step ${this.t}`;
      this.drawLegend();
      const loss = this.lossSeries();
      this.loss.draw(loss.series, this.t, this.horizon, loss);
    }

    /** The gradient step, the velocity and the per-coordinate rates at step t. */
    drawInsides() {
      const plot = this.plot;
      const t = this.t;
      const boxes = [];
      this.runs.forEach((run, k) => {
        const o = this.optimizers[k];
        const exit = this.exits[k];
        const gone = exit.leftAt >= 0 && t >= exit.leftAt;
        const x = run.path[Math.min(t, run.path.length - 1)];
        const c = ink(color(o.name));
        const tc = textInk(color(o.name));
        const state = run.states?.[Math.min(t, run.states.length - 1)];
        if (this.show.gradient && !gone && plot.inside(x)) {
          const g = this.surface.grad(x);
          const lr = o.hyper.lr;
          plot.arrow(x, [x[0] - lr * g[0], x[1] - lr * g[1]], theme().ink, 1.4);
        }
        if (this.show.velocity && state?.velocity && !gone && plot.inside(x)) {
          const lr = o.hyper.lr;
          plot.arrow(x, [x[0] - lr * state.velocity[0], x[1] - lr * state.velocity[1]], c, 2.4);
        }
        if (this.show.rates && run.optimizer.effectiveLr && state && plot.width >= 480) {
          const r = run.optimizer.effectiveLr(state);
          const labels = this.surface.labels;
          boxes.push({
            color: tc,
            lines: [
              `${o.name}: rate per coordinate`,
              r.map((v, i) => `for ${labels[i]}: ${t ? three(v) : "–"}`).join("   "),
            ],
          });
        }
      });
      // bottom left, as descent.plot's LearningRateReadout: a start is often top left
      let y = plot.margin.top + plot.plotH - 4;
      for (const b of boxes.reverse()) {
        const box = plot.label(b.lines, plot.margin.left + 4, y, b.color, "left", "bottom");
        y = box.top - 3;
      }
      this.rateBoxes = boxes.length;
    }

    /** What the legend says of run k at step t: its loss, or that it left the frame; on a
     * saddle, how long it stayed near it. */
    status(run, k) {
      const t = this.t;
      const said = this.said?.[k];
      const loss = run.loss[Math.min(t, run.loss.length - 1)];
      const parts = [said || `loss ${fmt(loss)}`];
      const state = run.states?.[Math.min(t, run.states.length - 1)];
      // on a narrow plot the rates are said here instead of in boxes on it
      if (this.show.rates && run.optimizer.effectiveLr && state && t > 0 && this.plot.width < 480) {
        const r = run.optimizer.effectiveLr(state);
        const names = this.surface.labels;
        parts.push(`rate per coordinate ${r.map((v, i) => `${names[i]} ${three(v)}`).join(", ")}`);
      }
      const u = unstableDirection(this.surface);
      if (u) {
        const reached = run.path.findIndex(
          (p) => Math.abs((p[0] - u.at[0]) * u.dir[0] + (p[1] - u.at[1]) * u.dir[1]) >= 1,
        );
        parts.push(
          reached >= 0 && reached <= t
            ? `near the saddle (${u.name} < 1) for ${reached} steps`
            : `near the saddle (${u.name} < 1) for all ${t} steps`,
        );
      }
      return { text: parts.join("; "), bad: !!said && !said.startsWith("escapes") };
    }

    drawLegend() {
      this.legend.replaceChildren(
        ...this.runs.map((run, k) => {
          const o = this.optimizers[k];
          const { text, bad } = this.status(run, k);
          const sw = el("span", { class: "pg-swatch" });
          paintSwatch(sw, color(o.name));
          return el("li", {}, [
            sw,
            `${label(
              o.name,
              o.hyper,
              Object.keys(o.hyper).filter(
                (key) => key === "lr" || key === "beta" || key === "beta1",
              ),
            )}: `,
            el("span", { class: bad ? "pg-loss pg-bad" : "pg-loss", text: text }),
          ]);
        }),
      );
    }

    summary() {
      return `step ${this.t}. ${this.runs
        .map((run, k) => `${this.optimizers[k].name}: ${this.status(run, k).text}`)
        .join(". ")}`;
    }

    state() {
      return {
        kind: this.config.kind,
        surface: this.surface.name,
        matrix: this.surface.name === "quadratic" ? this.surface.A : undefined,
        t: this.t,
        horizon: this.horizon,
        start: this.start.slice(),
        extent: this.plot.extent.slice(),
        runs: this.runs.map((run, k) => ({
          optimizer: this.optimizers[k].name,
          hyper: Object.assign({}, this.optimizers[k].hyper),
          path: this.shown(run),
          diverged: run.diverged && this.t >= run.divergedAt,
          exit: this.exitState(k),
        })),
        rate_boxes: this.rateBoxes || 0,
        loss_cursor: this.loss ? this.loss.cursorX : null,
      };
    }

    exitState(k) {
      const e = this.exits?.[k];
      if (!e || e.leftAt < 0 || this.shownUpto() < e.leftAt) return null;
      const [px, py] = this.plot.px(...e.exit);
      return { left_at: e.leftAt, point: e.exit, pixel: [px, py], text: this.said[k] };
    }
  }

  function aspectOf(extent) {
    const r = (extent[3] - extent[2]) / (extent[1] - extent[0]);
    return Math.min(1, Math.max(0.55, r));
  }

  // -- kind "triptych": three learning rates, one slider -------------------------------------

  const FACTOR_DASH = [[2, 3], [], [7, 4]];

  class Triptych extends Playground {
    constructor(root, config) {
      super(root, config);
      this.surface = D.SURFACES[config.surface];
      this.start = config.start;
      this.factors = config.factors || [0.125, 1, 1.5];
      const lam = this.surface.eigenvalues;
      this.limit2 = 2 / lam[lam.length - 1];
      this.lr = config.lr || 2 / (lam[0] + lam[lam.length - 1]);
      const grid = el("div", { class: "pg-triptych" });
      this.panels = this.factors.map((f) => {
        const cell = el("div", { class: "pg-panel" });
        const title = el("p", { class: "pg-panel-title" });
        cell.append(title);
        grid.append(cell);
        const plot = new Plot(cell, {
          extent: this.surface.extent,
          labels: this.surface.labels,
          aspect: 0.62,
          interactive: true,
          ariaLabel: `gradient descent at ${f} times the chosen learning rate: click or drag to move the common start, or use the arrow keys`,
          drawBackground: (ctx, p) => drawContours(ctx, p, this.surface),
          margin: { left: 34, right: 6, top: 6, bottom: 32 },
        });
        this.pickStart(plot, 2);
        return { factor: f, plot: plot, title: title };
      });
      this.body.append(grid);
      this.body.append(scrubber(this));
      this.loss = new LossPlot(this.body, this);
      this.body.append(transport(this));
      const sliders = el("div", { class: "pg-sliders" });
      sliders.append(
        slider(
          {
            label: `α of the middle panel (the others: ${this.factors
              .filter((f) => f !== 1)
              .map((f) => `×${fmt(f)}`)
              .join(", ")})`,
            min: this.limit2 / 50,
            max: this.limit2 * 1.6,
            log: true,
            value: this.lr,
            marks: [
              {
                value: this.limit2,
                text: "2/λmax",
                title: `2/λmax = ${fmt(this.limit2)}: the middle panel diverges to the right of this mark`,
              },
            ],
          },
          (v) => {
            this.lr = v;
            this.recompute();
            this.draw();
            this.announce();
          },
        ),
      );
      this.body.append(sliders);
      this.body.append(
        this.hint(
          `Converges iff α < 2/λmax = ${fmt(this.limit2)}. Click or drag in any panel to move the common start.`,
        ),
      );
      this.maxSteps = config.steps || 60;
      this.horizon = this.maxSteps;
      this.t = this.maxSteps;
      this.recompute();
      this.observe();
    }

    plots() {
      return this.panels.map((p) => p.plot).concat([this.loss.plot]);
    }

    recompute() {
      this.runs = this.panels.map((p) =>
        D.run(
          D.optimizer("GradientDescent", { lr: p.factor * this.lr }),
          this.surface,
          this.start,
          LONG_RUN,
        ),
      );
    }

    draw() {
      const lamMax = this.surface.eigenvalues[this.surface.eigenvalues.length - 1];
      this.exits = [];
      this.said = [];
      this.panels.forEach((p, k) => {
        const run = this.runs[k];
        const lr = p.factor * this.lr;
        p.plot.layout();
        p.plot.begin();
        p.plot.marker(this.start, "start");
        const exit = exitOf(p.plot, run.path);
        this.exits.push(exit);
        this.said.push(
          drawTrail(p.plot, run, run.path, this.t, {
            color: color("GradientDescent"),
            marker: markerOf("GradientDescent"),
            labels: [],
            exit: exit,
          }),
        );
        const verdict = lr < this.limit2 ? "converges" : "diverges";
        p.title.textContent = `α = ${fmt(lr)}, ${verdict}`;
        p.title.title = `|1 − αλmax| = ${fmt(Math.abs(1 - lr * lamMax))}`;
        p.title.classList.toggle("pg-bad", lr >= this.limit2);
      });
      this.counter.textContent = `step ${this.t}`;
      this.loss.draw(
        this.runs.map((run, k) => ({
          values: run.loss,
          color: color("GradientDescent"),
          dash: FACTOR_DASH[k % 3],
          label: `α×${fmt(this.factors[k])}`,
        })),
        this.t,
        this.horizon,
        { log: true, ylabel: "loss" },
      );
    }

    summary() {
      return `step ${this.t}. ${this.panels
        .map(
          (p, k) =>
            `α = ${fmt(p.factor * this.lr)}: ${this.said[k] || `loss ${fmt(this.runs[k].loss[this.t])}`}`,
        )
        .join(". ")}`;
    }

    state() {
      return {
        kind: "triptych",
        t: this.t,
        horizon: this.horizon,
        start: this.start.slice(),
        lr: this.lr,
        runs: this.runs.map((run, k) => ({
          optimizer: "GradientDescent",
          hyper: { lr: this.panels[k].factor * this.lr },
          path: run.path.slice(0, this.t + 1),
          diverged: run.diverged && this.t >= run.divergedAt,
          exit:
            this.exits[k].leftAt >= 0 && this.t >= this.exits[k].leftAt
              ? { left_at: this.exits[k].leftAt, point: this.exits[k].exit, text: this.said[k] }
              : null,
        })),
      };
    }
  }

  // -- kind "1d": a curve, its tangent, the step ---------------------------------------------

  class Curve1D extends Playground {
    constructor(root, config) {
      super(root, config);
      this.surface = D.SURFACES[config.surface || "parabola"];
      this.start = [config.start !== undefined ? config.start[0] : this.surface.extent[0] * 0.9];
      this.lr = config.lr; // the directive's :lr:
      const [x0, x1] = this.surface.extent;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i <= 200; i++) {
        const v = this.surface.value([x0 + ((x1 - x0) * i) / 200]);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const pad = 0.08 * (hi - lo);
      const surface = this.surface;
      this.plot = new Plot(this.body, {
        extent: [x0, x1, lo - pad, hi + pad],
        labels: surface.labels.concat(["J(θ)"]),
        aspect: 0.6,
        interactive: true,
        ariaLabel: `the curve ${surface.latex}: click or drag to choose the start θ₀, or move it with ← and →; Enter steps`,
        margin: { left: 50 },
        drawBackground: (ctx, plot) => {
          ctx.strokeStyle = theme().curve;
          ctx.lineWidth = 2;
          ctx.beginPath();
          for (let i = 0; i <= 300; i++) {
            const x = x0 + ((x1 - x0) * i) / 300;
            const [px, py] = plot.px(x, surface.value([x]));
            if (i) ctx.lineTo(px, py);
            else ctx.moveTo(px, py);
          }
          ctx.stroke();
          for (const m of surface.minima) drawStar(ctx, plot, [m[0], surface.value(m)]);
        },
      });
      this.pickStart(this.plot, 1);
      this.body.append(scrubber(this));
      this.loss = new LossPlot(this.body, this);
      this.body.append(transport(this));
      const lamMax = surface.eigenvalues
        ? surface.eigenvalues[surface.eigenvalues.length - 1]
        : null;
      const marks = lamMax
        ? [
            {
              value: 2 / lamMax,
              text: "2/λ",
              title: `2/λ = ${fmt(2 / lamMax)}: above it the steps grow`,
            },
          ]
        : [];
      const sliders = el("div", { class: "pg-sliders" }, [
        slider(
          {
            label: "learning rate α",
            min: 0.01,
            max: lamMax ? 2.4 / lamMax : 1,
            value: this.lr,
            step: 0.01,
            marks: marks,
          },
          (v) => {
            this.lr = v;
            this.recompute();
            this.draw();
            this.announce();
          },
        ),
      ]);
      this.body.append(sliders);
      this.readout = el("dl", { class: "pg-readout" });
      this.body.append(this.readout);
      this.body.append(
        this.hint(
          "Click or drag on the curve to choose θ₀ (or focus the plot: ←/→ move it, Enter steps). The dashed line is the tangent; the arrow is the next step, −α J′(θ).",
        ),
      );
      this.maxSteps = config.steps || 30;
      this.horizon = this.maxSteps;
      this.t = this.maxSteps;
      this.recompute();
      this.observe();
    }

    recompute() {
      this.run = D.run(
        D.optimizer("GradientDescent", { lr: this.lr }),
        this.surface,
        this.start,
        LONG_RUN,
      );
      this.curvePath = this.run.path.map((p) => [p[0], this.surface.value(p)]);
    }

    draw() {
      const plot = this.plot;
      const s = this.surface;
      const gd = color("GradientDescent");
      plot.layout();
      plot.begin();
      plot.marker([this.start[0], s.value(this.start)], "start");
      this.exit = exitOf(plot, this.curvePath);
      this.said = drawTrail(plot, this.run, this.curvePath, this.t, {
        color: gd,
        marker: markerOf("GradientDescent"),
        labels: [],
        exit: this.exit,
      });
      const theta = this.run.path[this.t][0];
      const J = s.value([theta]);
      const slope = s.grad([theta])[0];
      if (!this.said) {
        // the tangent, dashed in the run's colour (descent.plot.animation.Tangent)
        const half = (plot.extent[1] - plot.extent[0]) / 6;
        plot.polyline(
          [
            [theta - half, J - slope * half],
            [theta + half, J + slope * half],
          ],
          { color: gd, width: 1.2, dash: [5, 4] },
        );
        // the next move, −α J'(θ), drawn along the θ axis under the point
        const next = theta - this.lr * slope;
        const y = plot.extent[2] + 0.04 * (plot.extent[3] - plot.extent[2]);
        plot.arrow([theta, y], [next, y], theme().step, 2);
      }
      this.counter.textContent = `step ${this.t}`;
      const rows = [
        ["θ", fmt(theta)],
        ["J(θ)", fmt(J)],
        ["slope J′(θ)", fmt(slope)],
        ["next step −α J′(θ)", fmt(-this.lr * slope)],
      ];
      if (this.said) rows.push(["run", this.said]);
      this.readout.replaceChildren(
        ...rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]),
      );
      const fmin = s.minima.length ? s.value(s.minima[0]) : 0;
      this.loss.draw(
        [
          {
            values: this.run.loss.map((v) => v - fmin),
            color: gd,
            marker: markerOf("GradientDescent"),
          },
        ],
        this.t,
        this.horizon,
        { log: true, ylabel: "J(θ)" },
      );
    }

    summary() {
      const theta = this.run.path[this.t][0];
      return `step ${this.t}: θ = ${fmt(theta)}, J(θ) = ${fmt(this.surface.value([theta]))}${this.said ? `; ${this.said}` : ""}`;
    }

    state() {
      return {
        kind: "1d",
        t: this.t,
        horizon: this.horizon,
        start: this.start.slice(),
        lr: this.lr,
        runs: [
          {
            optimizer: "GradientDescent",
            hyper: { lr: this.lr },
            path: this.run.path.slice(0, this.t + 1),
            exit:
              this.exit.leftAt >= 0 && this.t >= this.exit.leftAt
                ? { left_at: this.exit.leftAt, point: this.exit.exit, text: this.said }
                : null,
          },
        ],
      };
    }
  }

  // -- kind "open": any 2D surface, any optimizers, any hyperparameters ----------------------

  // config.lr[surface][optimizer]: the first learning rate of each optimizer on each surface,
  // from the directive (docs/_ext/playground_data.py, OPEN_LR)

  /** A typed number, or null while it is not one yet ("1e", "-", "0."): the field keeps it. */
  function parseNumber(text) {
    const t = text.trim().replace("−", "-");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
    return Number(t);
  }

  /** A value as Python writes it (True/False, numbers as typed). */
  const pyValue = (v) => (typeof v === "boolean" ? (v ? "True" : "False") : String(v));
  const pyArgs = (hyper, sep) =>
    Object.entries(hyper)
      .map(([k, v]) => `${k}=${pyValue(v)}`)
      .join(sep);

  /** "Adam(lr=0.03,beta1=0.9),GradientDescent(lr=0.001)" → [{name, hyper}]; unknown names and
   * values that are not numbers or True/False are left out. */
  function parseRuns(text) {
    const out = [];
    for (const m of text.matchAll(/(\w+)\(([^()]*)\)/g)) {
      if (!D.registry().optimizers[m[1]]) continue;
      const hyper = {};
      for (const part of m[2].split(",")) {
        const [k, v] = part.split("=").map((x) => x?.trim());
        if (!k || v === undefined) continue;
        if (v === "True" || v === "False") hyper[k] = v === "True";
        else if (parseNumber(v) !== null) hyper[k] = parseNumber(v);
      }
      out.push({ name: m[1], hyper: hyper });
    }
    return out;
  }

  function copyText(text, done) {
    if (root.navigator?.clipboard?.writeText) {
      root.navigator.clipboard.writeText(text).then(done, () => {});
    }
  }

  class Open extends Surface2D {
    constructor(root, config) {
      const names = (config.surfaces || Object.keys(D.SURFACES)).filter(
        (n) => D.SURFACES[n] && D.SURFACES[n].dim === 2,
      );
      config = Object.assign({ surface: names[0], sliders: [] }, config);
      config.optimizers = config.optimizers || [
        { name: "GradientDescent", hyper: {} },
        { name: "Adam", hyper: {} },
      ];
      super(root, Object.assign({}, config, { _names: names }));
      this.fromURL();
    }

    // -- the state in the URL: ?surface=beale&start=-3.15,2.7&run=Adam(lr=0.03,...)&t=300 ---

    /** The page's address with this playground's state, to share it. */
    toURL() {
      const q = new URLSearchParams(root.location.search);
      q.set("surface", this.surface.name);
      q.set("start", this.start.join(","));
      q.set("run", this.optimizers.map((o) => `${o.name}(${pyArgs(o.hyper, ",")})`).join(","));
      q.set("t", String(this.t));
      const readable = q
        .toString()
        .replace(/%2C/g, ",")
        .replace(/%28/g, "(")
        .replace(/%29/g, ")")
        .replace(/%3D/g, "=");
      return `${root.location.pathname}?${readable}${root.location.hash}`;
    }

    saveURL() {
      clearTimeout(this.saving);
      this.saving = setTimeout(() => {
        try {
          root.history.replaceState(root.history.state, "", this.toURL());
        } catch (_err) {
          // a page opened from file:// in some browsers: no state in the URL then
        }
      }, 400);
    }

    /** Take the state from the page's address, if it has one (what toURL wrote). */
    fromURL() {
      const q = new URLSearchParams(root.location.search);
      if (!q.has("surface") && !q.has("run")) return;
      const name = q.get("surface");
      if (name && this.config._names.includes(name) && name !== this.surface.name) {
        this.body.querySelector("select").value = name;
        this.setSurface(name);
      }
      const runs = parseRuns(q.get("run") || "");
      if (runs.length) {
        for (const [opt, c] of Object.entries(this.choices)) {
          const given = runs.find((r) => r.name === opt);
          c.checkbox.checked = !!given;
          for (const input of c.params.querySelectorAll("input")) {
            const v = given?.hyper[input.dataset.param];
            if (v === undefined) continue;
            if (input.type === "checkbox") input.checked = !!v;
            else {
              input.value = String(v);
              if (input.dataset.param === "lr") input.dataset.edited = "true";
            }
          }
        }
      }
      const start = (q.get("start") || "").split(",").map(Number);
      if (start.length === 2 && start.every(Number.isFinite)) this.start = start;
      this.syncOptimizers(false);
      this.setStart(this.start);
      const t = Number(q.get("t"));
      if (Number.isInteger(t) && t >= 0) this.setT(t);
    }

    /** The run as a script: descent's, then the same with torch.optim (descent's gradient fed
     * to the torch optimizer, so the two paths are the same numbers). */
    code() {
      const steps = this.t;
      const start = `[${this.start.join(", ")}]`;
      const lines = [
        "import numpy as np",
        "",
        "import descent",
        "from descent.surfaces import ALL",
        "",
        `surface = ALL[${JSON.stringify(this.surface.name)}]`,
        `start = np.array(${start})`,
        "optimizers = [",
        ...this.optimizers.map((o) => `    descent.${o.name}(${pyArgs(o.hyper, ", ")}),`),
        "]",
        `runs = [descent.run(opt, surface, start, steps=${steps}) for opt in optimizers]`,
        "for opt, traj in zip(optimizers, runs):",
        '    print(type(opt).__name__, traj.final, f"loss {traj.loss[-1]:.4g}", traj.diverged_at)',
        "",
        "# the same with torch.optim: descent's gradient, torch's update",
        "import torch",
        "",
      ];
      for (const o of this.optimizers) {
        const line = D.registry().optimizers[o.name].torch;
        const torchable = line && !(o.name === "Adam" && o.hyper.bias_correction === false);
        if (!torchable) {
          lines.push(`# ${o.name}(${pyArgs(o.hyper, ", ")}): torch.optim has no equivalent`, "");
          continue;
        }
        const filled = line.replace(/\{(\w+)\}/g, (_m, key) => pyValue(o.hyper[key]));
        const module = line.split(".")[0]; // lion_pytorch, schedulefree: beside torch
        if (module !== "torch") lines.push(`import ${module}`);
        lines.push(
          `x = torch.tensor(${start}, dtype=torch.float64, requires_grad=True)`,
          `opt = ${filled}`,
          "def closure():  # L-BFGS calls it (its line search more than once), the others once",
          "    opt.zero_grad()",
          "    x.grad = torch.from_numpy(surface.grad(x.detach().numpy()))",
          "    return torch.tensor(surface(x.detach().numpy()))",
          `for _ in range(${steps}):`,
          "    opt.step(closure)",
          `print(${JSON.stringify(o.name)}, "in torch:", x.detach().numpy())`,
          "",
        );
      }
      return lines.join("\n");
    }

    build() {
      const names = this.config._names;
      this.valid = {};
      const form = el("div", { class: "pg-open" });
      const sid = nextId("surface");
      const select = el(
        "select",
        { id: sid },
        names.map((n) => el("option", { value: n, text: `${n}: ${D.SURFACES[n].latex}` })),
      );
      select.value = this.surface.name;
      select.addEventListener("change", () => this.setSurface(select.value));
      form.append(
        el("div", { class: "pg-field" }, [el("label", { for: sid, text: "surface" }), select]),
      );
      const ticked = new Set(this.optimizers.map((o) => o.name));
      this.choices = {};
      const boxes = el("fieldset", { class: "pg-optimizers" }, [
        el("legend", { text: "optimizers" }),
      ]);
      const registry = D.registry().optimizers;
      for (const [name, spec] of Object.entries(registry)) {
        if (spec.vector === false) continue; // a matrix rule (Muon): no point of a surface
        const id = nextId("opt");
        const cb = el("input", { type: "checkbox", id: id });
        cb.checked = ticked.has(name);
        cb.addEventListener("change", () => this.syncOptimizers());
        const params = el("div", { class: "pg-params" });
        const given = this.optimizers.find((o) => o.name === name);
        const initial = Object.assign(
          {},
          spec.defaults,
          this.suggested(name),
          given ? given.hyper : {},
        );
        for (const key of spec.hyper) {
          const value = initial[key];
          const pid = nextId("param");
          let input;
          if (typeof value === "boolean") {
            input = el("input", { type: "checkbox", id: pid });
            input.checked = value;
            input.addEventListener("change", () => this.syncOptimizers());
          } else {
            // text, not type=number: a number field empties itself on "1e" and hides what
            // was typed; this one keeps it and says what descent would say of it
            input = el("input", {
              type: "text",
              id: pid,
              value: String(value),
              inputmode: "decimal",
              autocomplete: "off",
              spellcheck: "false",
              class: "pg-number",
            });
            input.addEventListener("input", () => {
              if (key === "lr") input.dataset.edited = "true";
              this.syncOptimizers(true, false);
            });
            input.addEventListener("change", () => this.syncOptimizers(true, true));
          }
          input.dataset.param = key;
          params.append(
            el("span", { class: "pg-param" }, [
              el("label", { for: pid, text: symbol(key) }),
              input,
            ]),
          );
        }
        const swatch = el("span", { class: "pg-swatch" });
        paintSwatch(swatch, color(name));
        boxes.append(
          el("div", { class: "pg-choice" }, [cb, el("label", { for: id }, [swatch, name]), params]),
        );
        this.choices[name] = { checkbox: cb, params: params };
      }
      form.append(boxes);
      this.codeBox = el("textarea", {
        class: "pg-code",
        readonly: "readonly",
        rows: "12",
        "aria-label": "this run as a Python script (descent, then torch.optim)",
        spellcheck: "false",
      });
      this.codeBox.hidden = true;
      form.append(
        el("div", { class: "pg-field" }, [
          button("Suggested rates", () => this.useSuggested(), {
            title: "put this surface's suggested learning rate in every α field",
          }),
          button("Copy as code", () => this.copyCode(), {
            title: "the descent script (and the torch.optim lines) that reproduce this run",
          }),
          button("Copy link", () => this.copyLink(), {
            title: "the page's address with this run in it",
          }),
        ]),
        this.codeBox,
      );
      this.error = el("p", { class: "pg-error", role: "status" });
      form.append(this.error);
      this.plotHolder = el("div", { class: "pg-plot" });
      this.body.append(form, this.plotHolder);
      this.makePlot(this.plotHolder);
      this.body.append(scrubber(this));
      this.loss = new LossPlot(this.body, this);
      this.body.append(transport(this));
      this.toggles = el("div", { class: "pg-toggles", role: "group", "aria-label": "draw" });
      this.body.append(this.toggles);
      this.makeToggles(true);
      this.legend = el("ul", { class: "pg-legend" });
      this.body.append(this.legend);
      this.body.append(
        this.hint(
          "Click or drag on the plot to start every ticked optimizer there (or focus it: the arrow keys move the start, Enter steps).",
        ),
      );
      this.syncOptimizers(false);
    }

    copyCode() {
      this.codeBox.value = this.code();
      this.codeBox.hidden = false;
      this.codeBox.select();
      copyText(this.codeBox.value, () => this.say("The script is copied."));
    }

    copyLink() {
      const url = new URL(this.toURL(), root.location.href).href;
      copyText(url, () => this.say("The link is copied."));
    }

    say(text) {
      this.live.textContent = text;
    }

    suggested(name) {
      return { lr: this.config.lr[this.surface.name][name] };
    }

    /** The start the build swept the suggested rates from (playground_data.open_lr). */
    defaultStart() {
      return this.config.starts?.[this.surface.name] || super.defaultStart();
    }

    makePlot(holder) {
      (holder || this.plotHolder).replaceChildren();
      super.makePlot(holder || this.plotHolder);
    }

    /** Every α field back to this surface's suggestion (typed rates are kept otherwise). */
    useSuggested() {
      for (const [opt, c] of Object.entries(this.choices)) {
        const field = c.params.querySelector('[data-param="lr"]');
        field.value = String(this.suggested(opt).lr);
        delete field.dataset.edited;
      }
      this.syncOptimizers();
    }

    announce() {
      super.announce();
      if (this.choices) this.saveURL();
    }

    setSurface(name) {
      this.stop();
      this.surface = D.SURFACES[name];
      this.start = this.defaultStart();
      for (const [opt, c] of Object.entries(this.choices)) {
        const field = c.params.querySelector('[data-param="lr"]');
        if (field.dataset.edited !== "true") field.value = String(this.suggested(opt).lr);
      }
      this.makePlot();
      this.horizon = this.maxSteps;
      this.t = this.horizon;
      this.syncScrubber();
      this.syncOptimizers();
    }

    /** The ticked optimizers from their fields, each checked as descent checks it; a field
     * that is not (yet) a valid value keeps the optimizer's last valid one and says why.
     * `final`: the reader left the field, so an unfinished number is an error now. */
    syncOptimizers(redraw, final) {
      const chosen = [];
      const problems = [];
      for (const [name, c] of Object.entries(this.choices)) {
        const ranges = D.registry().optimizers[name].ranges || {};
        const hyper = {};
        let ok = true;
        for (const input of c.params.querySelectorAll("input")) {
          const key = input.dataset.param;
          let why = "";
          if (input.type === "checkbox") hyper[key] = input.checked;
          else {
            const v = parseNumber(input.value);
            if (v === null) {
              why =
                final !== false || !input.value.trim()
                  ? `${key} must be a number, got “${input.value}”`
                  : "";
              ok = false;
            } else {
              why = D.outOfRange(v, ranges[key]);
              why = why && `${key} ${why}, got ${input.value.trim()}`;
              hyper[key] = v;
            }
          }
          if (why) ok = false;
          input.setAttribute("aria-invalid", why ? "true" : "false");
          if (why && c.checkbox.checked) problems.push(`${name}: ${why}`);
        }
        if (ok) {
          try {
            D.optimizer(name, hyper);
            this.valid[name] = hyper;
          } catch (err) {
            if (c.checkbox.checked) problems.push(`${name}: ${err.message}`);
          }
        }
        if (c.checkbox.checked && this.valid[name]) {
          chosen.push({ name: name, hyper: Object.assign({}, this.valid[name]) });
        }
      }
      this.error.textContent = problems.length
        ? `${problems.join("; ")} (the path keeps the last valid value)`
        : "";
      this.optimizers = chosen;
      this.recompute();
      if (redraw !== false) {
        this.draw();
        this.announce();
      }
    }
  }

  // -- kind "ema": a noisy signal and its moving average -------------------------------------

  class EMA extends Playground {
    constructor(root, config) {
      super(root, config);
      this.signal = config.signal;
      this.trend = config.trend || null;
      this.beta = config.beta; // the directive's :beta:
      this.bias = false;
      const T = this.signal.length;
      this.maxSteps = T;
      this.limit = T;
      this.horizon = T;
      this.t = T;
      this.timeLabel = "t";
      this.longRun = false;
      const lo = Math.min(...this.signal);
      const hi = Math.max(...this.signal);
      const pad = 0.05 * (hi - lo);
      this.plot = new Plot(this.body, {
        extent: [0, T, lo - pad, hi + pad],
        labels: ["step t", "g"],
        aspect: 0.5,
        interactive: false,
        ariaLabel: "a noisy signal and its exponential moving average",
        drawBackground: (ctx, plot) => {
          ctx.fillStyle = theme().signal;
          this.signal.forEach((v, i) => {
            const [x, y] = plot.px(i + 1, v);
            ctx.fillRect(x - 1.2, y - 1.2, 2.4, 2.4);
          });
          if (this.trend) {
            ctx.strokeStyle = theme().trend;
            ctx.setLineDash([5, 4]);
            ctx.lineWidth = 1;
            ctx.beginPath();
            this.trend.forEach((v, i) => {
              const [x, y] = plot.px(i + 1, v);
              if (i) ctx.lineTo(x, y);
              else ctx.moveTo(x, y);
            });
            ctx.stroke();
            ctx.setLineDash([]);
          }
        },
      });
      this.body.append(scrubber(this));
      // the weights of the average at step t against the lag: (1 − β) βᵏ
      this.weights = new Plot(this.body, {
        extent: [0, 1, 0, 1],
        labels: ["lag k (steps back from t)", "weight"],
        height: (w) => Math.min(Math.max(w * 0.28, 110), 160),
        interactive: false,
        ariaLabel: "the weight of each past value in the average, against its lag",
        margin: { left: 52, right: 10, top: 8, bottom: 34 },
      });
      this.body.append(transport(this));
      const bc = el("input", { type: "checkbox", id: nextId("bias") });
      bc.addEventListener("change", () => {
        this.bias = bc.checked;
        this.recompute();
        this.draw();
        this.announce();
      });
      this.body.append(
        el("div", { class: "pg-sliders" }, [
          slider({ label: "β", min: 0, max: 0.99, step: 0.01, value: this.beta }, (v) => {
            this.beta = v;
            this.recompute();
            this.draw();
            this.announce();
          }),
          el("div", { class: "pg-field" }, [
            bc,
            el("label", { for: bc.id, text: "bias correction (divide by 1 − βᵗ)" }),
          ]),
        ]),
      );
      this.readout = el("p", { class: "pg-readout" });
      this.body.append(this.readout);
      this.recompute();
      this.observe();
    }

    plots() {
      return [this.plot, this.weights];
    }

    recompute() {
      this.average = D.ema(this.signal, this.beta, this.bias);
    }

    draw() {
      const plot = this.plot;
      plot.layout();
      plot.begin();
      const n = 1 / (1 - this.beta);
      const ctx = plot.ctx;
      if (this.t > 0) {
        // the window: the last 1/(1−β) values, which carry about 63% of the weight
        const [xa, ya] = plot.px(Math.max(0.5, this.t + 0.5 - n), plot.extent[3]);
        const [xb, yb] = plot.px(this.t + 0.5, plot.extent[2]);
        plot.clip(ctx, () => {
          ctx.fillStyle = theme().window;
          ctx.fillRect(xa, ya, xb - xa, yb - ya);
        });
      }
      const pts = this.average.slice(0, this.t).map((v, i) => [i + 1, v]);
      plot.polyline(pts, { color: theme().average, width: 2.2 });
      if (this.t > 0) plot.marker(pts[pts.length - 1], "current", theme().average);
      this.counter.textContent = `t = ${this.t}`;
      this.drawWeights(n);
      const last = this.t > 0 ? fmt(this.average[this.t - 1]) : "—";
      this.readout.textContent =
        `window 1/(1 − β) = ${fmt(n)} steps (shaded: they carry 1 − βⁿ ≈ ${fmt(1 - this.beta ** Math.round(n))} of the weight); ` +
        `average at t = ${this.t}: ${last}. Grey dots: the signal; dashed: its trend.`;
    }

    /** Bars of the weight (1 − β) βᵏ of the value k steps back, for the t values there are;
     * with bias correction divided by 1 − βᵗ, so that they sum to 1. */
    drawWeights(n) {
      const p = this.weights;
      const t = Math.max(this.t, 1);
      const K = Math.min(this.signal.length, Math.max(10, Math.ceil(5 * n)));
      const scale = this.bias ? 1 / (1 - this.beta ** t) : 1;
      const w = (k) => (k < this.t ? (1 - this.beta) * this.beta ** k * scale : 0);
      p.layout();
      p.setExtent([-0.5, K - 0.5, 0, Math.max(w(0), (1 - this.beta) * scale, 1e-3) * 1.15]);
      p.begin();
      const ctx = p.ctx;
      p.clip(ctx, () => {
        const [xa, ya] = p.px(-0.5, p.extent[3]);
        const [xb, yb] = p.px(Math.min(n, K) - 0.5, 0);
        ctx.fillStyle = theme().window;
        ctx.fillRect(xa, ya, xb - xa, yb - ya);
        ctx.fillStyle = theme().average;
        const bw = Math.max(1, (p.plotW / K) * 0.7);
        for (let k = 0; k < K; k++) {
          const v = w(k);
          if (!v) continue;
          const [x, y] = p.px(k, v);
          const [, y0] = p.px(k, 0);
          ctx.fillRect(x - bw / 2, y, bw, y0 - y);
        }
      });
      const total = Array.from({ length: this.t }, (_, k) => w(k)).reduce((a, b) => a + b, 0);
      p.label(
        [`weights sum to ${three(total)}`],
        p.margin.left + p.plotW - 4,
        p.margin.top + 4,
        theme().ink,
        "right",
        "top",
      );
    }

    summary() {
      return `t = ${this.t}: average ${this.t > 0 ? fmt(this.average[this.t - 1]) : "none yet"}`;
    }

    state() {
      return {
        kind: "ema",
        t: this.t,
        beta: this.beta,
        bias_correction: this.bias,
        average: this.average.slice(0, this.t),
      };
    }
  }

  // -- kind "sgd": mini-batches against the full batch, one tick per epoch -------------------

  class SGD extends Surface2D {
    makeSurface(config) {
      this.problem = D.linearRegression(config.x, config.y);
      this.orders = config.orders;
      return this.problem;
    }

    build() {
      // the directive's :batch-size:, :lr: and :epochs:
      this.batch = this.config.batch_size;
      this.lr = this.config.lr;
      this.maxSteps = Math.min(this.config.epochs, this.orders.length);
      this.limit = this.orders.length;
      this.horizon = this.maxSteps;
      this.t = this.maxSteps;
      this.timeLabel = "epoch";
      this.longRun = false;
      super.build();
      const n = this.problem.nSamples;
      this.sliders.replaceChildren(
        slider(
          {
            label: "learning rate α",
            min: 0.005,
            max: 0.5,
            log: true,
            value: this.lr,
            marks: stabilityMarks(this.problem),
          },
          (v) => {
            this.lr = v;
            this.recompute();
            this.draw();
            this.announce();
          },
        ),
        slider(
          { label: `batch size B (of N = ${n})`, min: 1, max: n, step: 1, value: this.batch },
          (v) => {
            this.batch = v;
            this.recompute();
            this.draw();
            this.announce();
          },
        ),
      );
    }

    lossOptions() {
      return { xlabel: "epoch" };
    }

    makeToggles() {
      this.show.gradient = this.show.gradient || false;
      this.toggles.replaceChildren(
        checkbox(
          "−∇f of the next mini-batch and of all data (one scale)",
          this.show.gradient,
          (v) => {
            this.show.gradient = v;
            this.draw();
          },
        ),
      );
      if (!this.data) this.makeDataPanel();
    }

    plots() {
      return super.plots().concat(this.data ? [this.data] : []);
    }

    /** The data: the points, the line ŷ = w x + b of each run at the end of epoch t, and the
     * last mini-batch of that epoch highlighted. */
    makeDataPanel() {
      const { x, y } = this.problem;
      const pad = (lo, hi) => [lo - 0.06 * (hi - lo), hi + 0.06 * (hi - lo)];
      const [xa, xb] = pad(Math.min(...x), Math.max(...x));
      const [ya, yb] = pad(Math.min(...y), Math.max(...y));
      const holder = el("div", { class: "pg-data" });
      this.toggles.after(holder);
      this.data = new Plot(holder, {
        extent: [xa, xb, ya, yb],
        labels: ["x", "y"],
        height: (w) => Math.min(Math.max(w * 0.42, 150), 240),
        interactive: false,
        ariaLabel:
          "the data, the fitted line of each run at this epoch, and the last mini-batch highlighted",
        margin: { left: 46, right: 10, top: 8, bottom: 34 },
        drawBackground: (ctx, plot) => {
          ctx.fillStyle = theme().signal;
          for (let i = 0; i < x.length; i++) {
            const [px, py] = plot.px(x[i], y[i]);
            ctx.beginPath();
            ctx.arc(px, py, 2.4, 0, 2 * Math.PI);
            ctx.fill();
          }
        },
      });
    }

    /** The samples of the last mini-batch of epoch t (none at t = 0), and of the next one. */
    batches() {
      const n = this.problem.nSamples;
      const B = this.batch;
      const last = this.t > 0 ? this.orders[this.t - 1].slice(Math.floor((n - 1) / B) * B, n) : [];
      const next = this.t < this.orders.length ? this.orders[this.t].slice(0, B) : null;
      return { last, next };
    }

    drawData() {
      const p = this.data;
      if (!p) return;
      p.layout();
      p.begin();
      const { last } = this.batches();
      const ctx = p.ctx;
      p.clip(ctx, () => {
        ctx.fillStyle = ink(this.colors[1]);
        ctx.strokeStyle = theme().bg;
        for (const i of last) {
          const [px, py] = p.px(this.problem.x[i], this.problem.y[i]);
          ctx.beginPath();
          ctx.arc(px, py, 4.2, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
        }
      });
      const [x0, x1] = p.extent;
      this.runs.forEach((run, k) => {
        const [w, b] = run.path[this.upto(k)];
        p.polyline(
          [
            [x0, w * x0 + b],
            [x1, w * x1 + b],
          ],
          { color: this.colors[k], width: k ? 1.6 : 2 },
        );
      });
      const text = last.length
        ? `large dots: the last mini-batch of epoch ${this.t} (B = ${this.batch})`
        : "the lines at the start";
      p.label([text], p.margin.left + 4, p.margin.top + 4, theme().ink, "left", "top");
    }

    /** At SGD's point: the next mini-batch's gradient and the full gradient, as steps −α∇f
     * drawn to one scale (the full one 48 px long: a real step is a few pixels). */
    drawGradients() {
      if (!this.show.gradient) return;
      const { next } = this.batches();
      const run = this.runs[1];
      const x = run.path[this.upto(1)];
      if (!next || !this.plot.inside(x)) return;
      const full = this.problem.grad(x);
      const mini = this.problem.batchGrad(x, next);
      const [px, py] = this.plot.px(...x);
      const [qx, qy] = this.plot.px(x[0] - full[0], x[1] - full[1]);
      const a = 48 / (Math.hypot(qx - px, qy - py) || 1);
      this.plot.arrow(x, [x[0] - a * full[0], x[1] - a * full[1]], theme().ink, 1.6);
      this.plot.arrow(x, [x[0] - a * mini[0], x[1] - a * mini[1]], ink(this.colors[1]), 2.4);
    }

    defaultStart() {
      const [x0, x1, y0, y1] = this.surface.extent;
      return [x0 + 0.1 * (x1 - x0), y0 + 0.85 * (y1 - y0)];
    }

    recompute() {
      const epochs = this.orders.length;
      const opt = D.optimizer("GradientDescent", { lr: this.lr });
      const n = this.problem.nSamples;
      this.runs = [
        D.runStochastic(opt, this.problem, this.start, epochs, n, this.orders),
        D.runStochastic(opt, this.problem, this.start, epochs, this.batch, this.orders),
      ];
      this.optimizers = [
        {
          name: "GradientDescent",
          hyper: { lr: this.lr },
          label: `batch gradient descent (B = ${n})`,
        },
        {
          name: "GradientDescent",
          hyper: { lr: this.lr },
          label: `SGD, mini-batches of B = ${this.batch}`,
        },
      ];
      // each run at the end of every epoch: the ticks on its path
      this.ticks = this.runs.map((run) => [0].concat(run.epochEnds));
    }

    /** The update index of run k at the end of epoch t. */
    upto(k) {
      return this.ticks[k][this.t];
    }

    shown(run) {
      return run.path.slice(0, this.upto(this.runs.indexOf(run)) + 1);
    }

    /** In epochs: "diverged in epoch E" once descent's run has stopped it. */
    sgdText(run, k, exit) {
      const perEpoch = this.ticks[k][1];
      const epoch = run.diverged ? Math.ceil(run.divergedAt / perEpoch) : -1;
      if (run.diverged && this.t >= epoch) {
        return `diverged in epoch ${epoch} (update ${run.divergedAt})`;
      }
      return `leaves in epoch ${exit.leftAt}`;
    }

    draw() {
      const plot = this.plot;
      plot.layout();
      plot.begin();
      plot.marker(this.start, "start");
      // batch gradient descent in its colour; SGD in descent.plot's SGD orange
      const colors = [color("GradientDescent"), styleColor("sgd", "#EE7733")];
      this.colors = colors;
      const labels = [];
      this.exits = [];
      this.said = this.runs.map((run, k) => {
        const epochPath = this.ticks[k].map((i) => run.path[i]);
        const exit = exitOf(plot, epochPath);
        this.exits.push(exit);
        if (k === 1) {
          // every mini-batch step, faint; the epoch ends bold, with a dot each (the ticks)
          plot.polyline(run.path.slice(0, this.upto(1) + 1), {
            color: colors[k],
            width: 0.8,
            alpha: 0.45,
          });
        }
        drawTrail(plot, run, epochPath, this.t, {
          color: colors[k],
          marker: "o",
          width: k ? 1.6 : 1.8,
          dots: true,
          dotSize: 2.8,
          labels: [],
          exit: exit,
        });
        const gone = exit.leftAt >= 0 && this.t >= exit.leftAt;
        const text = gone ? this.sgdText(run, k, exit) : "";
        if (gone) {
          const [ex, ey] = plot.px(...exit.exit);
          const right = ex > plot.margin.left + plot.plotW / 2;
          const below = ey < plot.margin.top + plot.plotH / 2;
          const box = plot.label(
            [text],
            ex + (right ? -10 : 10),
            below ? ey + 10 : ey - 10,
            textInk(colors[k]),
            right ? "right" : "left",
            below ? "top" : "bottom",
            labels,
          );
          labels.push(box);
        }
        return text;
      });
      this.drawGradients();
      this.drawData();
      this.counter.textContent = `epoch ${this.t}`;
      this.legend.replaceChildren(
        ...this.runs.map((run, k) => {
          const upto = this.upto(k);
          const sw = el("span", { class: "pg-swatch" });
          paintSwatch(sw, colors[k]);
          const said = this.said[k];
          return el("li", {}, [
            sw,
            `${this.optimizers[k].label}, α = ${fmt(this.lr)}: ${upto} updates, `,
            el("span", {
              class: said ? "pg-loss pg-bad" : "pg-loss",
              text: said || `loss ${fmt(run.loss[upto])}`,
            }),
          ]);
        }),
      );
      const fmin = this.problem.value(this.problem.minima[0]);
      const perEpoch = this.ticks[1][1];
      this.loss.draw(
        [
          {
            values: this.runs[1].loss.map((v) => v - fmin),
            color: colors[1],
            width: 0.8,
            alpha: 0.45,
            xScale: 1 / perEpoch,
            cursor: false,
          },
          { values: this.ticks[1].map((i) => this.runs[1].loss[i] - fmin), color: colors[1] },
          { values: this.ticks[0].map((i) => this.runs[0].loss[i] - fmin), color: colors[0] },
        ],
        this.t,
        this.horizon,
        { log: true, ylabel: "f − f*" },
      );
    }

    summary() {
      return `epoch ${this.t}. ${this.runs
        .map(
          (run, k) =>
            `${this.optimizers[k].label}: ${this.said[k] || `loss ${fmt(run.loss[this.upto(k)])}`}`,
        )
        .join(". ")}`;
    }

    state() {
      return {
        kind: "sgd",
        t: this.t,
        horizon: this.horizon,
        start: this.start.slice(),
        lr: this.lr,
        batch_size: this.batch,
        extent: this.plot.extent.slice(),
        runs: this.runs.map((run, k) => ({
          label: this.optimizers[k].label,
          path: this.shown(run),
          epoch_ends: this.ticks[k].slice(0, this.t + 1),
          exit: this.said?.[k]
            ? { left_at: this.exits[k].leftAt, point: this.exits[k].exit, text: this.said[k] }
            : null,
        })),
        loss_cursor: this.loss.cursorX,
        last_batch: this.batches().last,
      };
    }
  }

  // -- wiring ---------------------------------------------------------------------------------

  const KINDS = {
    "1d": Curve1D,
    "2d": Surface2D,
    triptych: Triptych,
    open: Open,
    ema: EMA,
    sgd: SGD,
  };

  function mount(node) {
    if (node.playground) return node.playground;
    const config = JSON.parse(node.dataset.config || "{}");
    config.kind = node.dataset.kind;
    const Kind = KINDS[config.kind];
    if (!Kind) throw new Error(`unknown playground kind ${config.kind}`);
    return new Kind(node, config);
  }

  /** Hand descent's registry, the page's JSON, to DescentCore (once per page). */
  function loadRegistry() {
    const data = document.getElementById(REGISTRY_ID);
    if (!data) throw new Error(`the page has no #${REGISTRY_ID}: descent's optimizers are unknown`);
    D.useRegistry(JSON.parse(data.textContent));
  }

  function mountAll() {
    try {
      loadRegistry();
    } catch (err) {
      console.error("playground:", err);
    }
    watchTheme();
    for (const node of document.querySelectorAll(".playground[data-kind]")) {
      try {
        mount(node);
      } catch (err) {
        node.classList.add("pg-failed");
        console.error("playground:", err);
      }
    }
  }

  root.DescentPlayground = { mount: mount, mountAll: mountAll, KINDS: KINDS };
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
    else mountAll();
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
