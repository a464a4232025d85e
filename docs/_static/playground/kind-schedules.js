/* kind-schedules.js: the playground kind "schedules" — the paths of one 2D surface as the
 * kind "2d" draws them, each run with its own learning-rate schedule (descent.schedules,
 * computed by DescentCore.schedule), for a fixed budget of steps that the time scrubber does
 * not pass: a schedule is planned for it (a OneCycleLR ends there). Under the paths, each
 * run's rate α_t at every step, with a cursor at the step shown; the rate slider moves every
 * schedule's peak at once. A scheduled run takes its schedule's colour and name
 * (descent.plot.style's SCHEDULE_COLORS and SCHEDULE_NAMES, in the registry); a run at a
 * constant rate its optimizer's.
 *
 * A classic script, after kind-2d.js (it extends its Surface2D).
 */
((root) => {
  "use strict";
  const D = root.DescentCore;
  const P = root.DescentPlayground;
  const { LossPlot, el, nameOf } = root.DescentPlot;
  const Surface2D = P.kind("2d");

  const scheduleSpec = (name) => D.registry().schedules[name];

  class Schedules extends Surface2D {
    build() {
      // the directive's :steps: is the budget every schedule is planned for: no further
      this.limit = this.maxSteps;
      this.longRun = false;
      super.build();
      const holder = el("div", { class: "pg-rates" });
      this.loss.plot.canvas.before(holder);
      this.rates = new LossPlot(holder, this, {
        ariaLabel: "each run's learning rate against the step; drag along it to move in time",
      });
    }

    plots() {
      return super.plots().concat(this.rates ? [this.rates.plot] : []);
    }

    /** Run k's schedule as the directive declared it ({name, args}), or undefined. */
    declared(k) {
      return this.config.optimizers[k].schedule;
    }

    /** Run k's schedule at its peak rate (the slider's α), or null for a constant rate. */
    scheduleOf(k) {
      const o = this.optimizers[k];
      const s = this.declared(k);
      if (!s) return null;
      return D.schedule(
        s.name,
        Object.assign({}, s.args, { [scheduleSpec(s.name).peak]: o.hyper.lr }),
      );
    }

    recompute() {
      this.schedules = this.optimizers.map((_, k) => this.scheduleOf(k));
      this.runs = this.optimizers.map((o, k) => {
        const rate = this.schedules[k];
        const hyper = Object.assign({}, o.hyper);
        if (rate) delete hyper.lr; // the schedule's, update by update
        return D.run(D.optimizer(o.name, hyper, rate), this.surface, this.start, this.maxSteps, {
          keepStates: true,
        });
      });
      this.others = [];
      // each run's rate at every step, for the rate panel (they change only with the slider)
      this.rateSeries = this.runs.map((_, k) =>
        Array.from({ length: this.maxSteps }, (_, t) => this.rateAt(k, t)),
      );
    }

    runColor(k) {
      const s = this.declared(k);
      return s ? scheduleSpec(s.name).color : super.runColor(k);
    }

    rateAt(k, t) {
      const rate = this.schedules[k];
      return rate ? rate(Math.min(t, this.maxSteps - 1)) : super.rateAt(k, t);
    }

    /** "gradient descent, α = 0.05, warm restarts": the optimizer and its peak rate, as the
     * figures write them, then the schedule's name. */
    runLabel(k) {
      const s = this.declared(k);
      const base = super.runLabel(k);
      return s ? `${base}, ${scheduleSpec(s.name).name}` : base;
    }

    names() {
      const names = this.optimizers.map((o, k) => {
        const s = this.declared(k);
        return s ? `${nameOf(o.name)} with ${scheduleSpec(s.name).name}` : nameOf(o.name);
      });
      return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
    }

    draw() {
      super.draw();
      const series = this.runs.map((_, k) => ({
        values: this.rateSeries[k],
        color: this.runColor(k),
        marker: this.runMarker(k),
      }));
      this.rates.draw(series, this.t, this.horizon, { log: false, ylabel: "rate αₜ" });
    }

    state() {
      const out = super.state();
      out.runs.forEach((r, k) => {
        const s = this.declared(k);
        if (!s) return;
        const rate = this.schedules[k];
        r.schedule = { name: s.name, args: Object.assign({}, rate.args) };
        r.rate = this.rateAt(k, this.t);
      });
      return out;
    }
  }

  P.register("schedules", Schedules);
})(typeof globalThis !== "undefined" ? globalThis : this);
