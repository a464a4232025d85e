/* kind-2d.js: the playground kind "2d" — contours of one 2D surface and one path per
 * optimizer from one start, with sliders for the hyperparameters the directive names, the
 * insides each optimizer has drawn on its path (the gradient step; the velocity −αv of the
 * methods that keep one; the per-coordinate rates of the adaptive ones, in boxes as the
 * figures draw them), and on a saddle how long each run stays near it.
 *
 * Registers Surface2D, which the kinds "open" and "sgd" extend. A classic script, after
 * descent-playground.js.
 */
((root) => {
  "use strict";
  const D = root.DescentCore;
  const P = root.DescentPlayground;
  const {
    Plot,
    LossPlot,
    color,
    drawContours,
    drawTrail,
    el,
    exitOf,
    exitState,
    fmt,
    ink,
    label,
    markerOf,
    nameOf,
    paintSwatch,
    textInk,
    theme,
    three,
  } = root.DescentPlot;
  const { checkbox, scrubber, slider, sliderSpec, transport } = root.DescentControls;

  // the optimizers whose state keeps a velocity (drawn as the step −αv it makes)
  const VELOCITY = new Set(["Momentum", "Nesterov"]);

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
    const name = axis >= 0 ? `|${surface.labels[axis]}|` : "the distance along the way down";
    return { dir: v, at: [0, 0], name: name };
  }

  /** Height over width of a plot of `extent`, between 0.55 and 1. */
  function aspectOf(extent) {
    const r = (extent[3] - extent[2]) / (extent[1] - extent[0]);
    return Math.min(1, Math.max(0.55, r));
  }

  class Surface2D extends P.Playground {
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
        ariaLabel: `contours of ${surface.latex || surface.name} with the paths of ${this.names()}: click or drag to choose the start, or move it with the arrow keys (Shift: larger moves, Home: back); Enter steps`,
        drawBackground: (ctx, plot) => drawContours(ctx, plot, surface),
      });
      this.pickStart(this.plot, 2);
    }

    /** The optimizers' names, as the legend writes them. */
    names() {
      const names = this.optimizers.map((o) => nameOf(o.name));
      return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
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
      for (const o of targets) o.slid = (o.slid || []).concat([s.param]);
      const spec = sliderSpec(s.param, targets[0].hyper[s.param], this.surface, s, targets);
      if (s.optimizer && this.optimizers.length > 1) {
        spec.label = `${spec.label} of ${nameOf(s.optimizer)}`;
      }
      return slider(spec, (v) => {
        for (const o of targets) o.hyper[s.param] = v;
        this.changed();
      });
    }

    recompute() {
      this.runs = this.optimizers.map((o) =>
        D.run(D.optimizer(o.name, o.hyper), this.surface, this.start, P.LONG_RUN, {
          keepStates: true,
        }),
      );
      // a figure's other starts (its ring), run by the first optimizer and drawn faintly
      const first = this.optimizers[0];
      this.others = (this.config.others || []).map((s) =>
        D.run(D.optimizer(first.name, first.hyper), this.surface, s, P.LONG_RUN),
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
          color: this.runColor(k),
          marker: this.runMarker(k),
        })),
      };
    }

    draw() {
      const plot = this.plot;
      plot.layout();
      plot.begin();
      for (const other of this.others || []) {
        const c = this.runColor(0);
        plot.polyline(other.path.slice(0, this.t + 1), { color: c, alpha: 0.45, width: 1.3 });
      }
      plot.marker(this.start, "start");
      const labels = [];
      const queue = [];
      const escapes = !this.surface.minima?.length;
      this.exits = this.runs.map((run) => exitOf(plot, run.path));
      this.said = this.runs.map((run, k) =>
        drawTrail(plot, run, run.path, this.t, {
          color: this.runColor(k),
          marker: this.runMarker(k),
          labels: labels,
          queue: queue,
          escapes: escapes,
          exit: this.exits[k],
        }),
      );
      for (const place of queue) place();
      this.drawInsides(labels);
      this.counter.textContent = `step ${this.t}`;
      this.drawLegend();
      const loss = this.lossSeries();
      this.loss.draw(loss.series, this.t, this.horizon, loss);
    }

    /** The gradient step, the velocity and the per-coordinate rates at step t; the rates in
     * boxes stacked in the corner of the plot that the paths, the start and the exit labels
     * (`taken`) cover least. */
    drawInsides(taken) {
      const plot = this.plot;
      const t = this.t;
      const boxes = [];
      this.runs.forEach((run, k) => {
        const o = this.optimizers[k];
        const exit = this.exits[k];
        const gone = exit.leftAt >= 0 && t >= exit.leftAt;
        const x = run.path[Math.min(t, run.path.length - 1)];
        const c = ink(this.runColor(k));
        const state = run.states?.[Math.min(t, run.states.length - 1)];
        if (this.show.gradient && !gone && plot.inside(x)) {
          const g = this.surface.grad(x);
          const lr = this.rateAt(k, t);
          plot.arrow(x, [x[0] - lr * g[0], x[1] - lr * g[1]], theme().ink, 1.4);
        }
        if (this.show.velocity && state?.velocity && !gone && plot.inside(x)) {
          const lr = this.rateAt(k, t);
          plot.arrow(x, [x[0] - lr * state.velocity[0], x[1] - lr * state.velocity[1]], c, 2.4);
        }
        if (this.show.rates && run.optimizer.effectiveLr && state && plot.width >= 480) {
          const r = run.optimizer.effectiveLr(state);
          const labels = this.surface.labels;
          boxes.push({
            color: textInk(this.runColor(k)),
            lines: [
              `${nameOf(o.name)}: rate per coordinate`,
              r.map((v, i) => `for ${labels[i]}: ${t ? three(v) : "–"}`).join("   "),
            ],
          });
        }
      });
      this.rateBoxes = boxes.length;
      if (!boxes.length) return;
      const sizes = boxes.map((b) => plot.labelSize(b.lines));
      const w = Math.max(...sizes.map((s) => s.w));
      const h = sizes.reduce((a, s) => a + s.h + 3, -3);
      const m = plot.margin;
      const [left, right] = [m.left + 4, m.left + plot.plotW - 4 - w];
      const [top, bottom] = [m.top + 4, m.top + plot.plotH - 4 - h];
      // bottom left first, as descent.plot's LearningRateReadout (a start is often top left)
      const corners = [
        [left, bottom],
        [right, bottom],
        [right, top],
        [left, top],
      ];
      const points = [this.start].concat(...this.runs.map((run) => this.shown(run)));
      const cover = ([x, y]) => {
        let n = 0;
        for (const p of points) {
          const [px, py] = plot.px(...p);
          if (px >= x - 6 && px <= x + w + 6 && py >= y - 6 && py <= y + h + 6) n++;
        }
        const hit = (a) => a.left < x + w && x < a.left + a.w && a.top < y + h && y < a.top + a.h;
        return n + 1000 * (taken || []).filter(hit).length;
      };
      let best = corners[0];
      let least = cover(best);
      for (const c of corners.slice(1)) {
        const n = cover(c);
        if (n < least) [best, least] = [c, n];
      }
      this.rateCorner = corners.indexOf(best);
      let y = best[1];
      boxes.forEach((b, i) => {
        plot.label(b.lines, best[0], y, b.color, "left", "top");
        y += sizes[i].h + 3;
      });
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

    /** Run k's colour and marker: its optimizer's (descent.plot's). */
    runColor(k) {
      return color(this.optimizers[k].name);
    }

    runMarker(k) {
      return markerOf(this.optimizers[k].name);
    }

    /** The learning rate of run k's update t (what its gradient step is drawn with). */
    rateAt(k) {
      return this.optimizers[k].hyper.lr;
    }

    /** Run k's label: its optimizer and hyperparameters, as the figures write them. */
    runLabel(k) {
      const o = this.optimizers[k];
      return label(o.name, o.hyper, o.slid);
    }

    drawLegend() {
      this.legend.replaceChildren(
        ...this.runs.map((run, k) => {
          const { text, bad } = this.status(run, k);
          const sw = el("span", { class: "pg-swatch" });
          paintSwatch(sw, this.runColor(k), this.runMarker(k));
          return el("li", {}, [
            sw,
            `${this.runLabel(k)}: `,
            el("span", { class: bad ? "pg-loss pg-bad" : "pg-loss", text: text }),
          ]);
        }),
      );
    }

    summary() {
      return `step ${this.t}. ${this.runs
        .map((run, k) => `${this.runLabel(k)}: ${this.status(run, k).text}`)
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
          label: this.runLabel(k),
          hyper: Object.assign({}, this.optimizers[k].hyper),
          path: this.shown(run),
          diverged: run.diverged && this.t >= run.divergedAt,
          exit: this.exitState(k),
        })),
        rate_boxes: this.rateBoxes || 0,
        rate_corner: this.rateBoxes ? this.rateCorner : null,
        loss_cursor: this.loss ? this.loss.cursorX : null,
      };
    }

    exitState(k) {
      const e = this.exits?.[k];
      if (!e || e.leftAt < 0 || this.shownUpto() < e.leftAt) return null;
      return exitState(this.plot, e, this.said[k]);
    }
  }

  P.register("2d", Surface2D);
})(typeof globalThis !== "undefined" ? globalThis : this);
