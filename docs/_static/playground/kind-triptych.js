/* kind-triptych.js: the playground kind "triptych" — gradient descent at three learning rates
 * on one quadratic, as the learning-rate figure draws them: one plot, three paths in
 * descent.plot's categorical colours, their losses below. One slider sets the middle rate
 * (the others are the directive's :factors: times it) and marks 2/λmax, where it diverges.
 *
 * A classic script, after descent-playground.js.
 */
((root) => {
  "use strict";
  const D = root.DescentCore;
  const P = root.DescentPlayground;
  const {
    Plot,
    LossPlot,
    drawContours,
    drawTrail,
    el,
    exitOf,
    exitState,
    fmt,
    nameOf,
    paintSwatch,
    styleColor,
  } = root.DescentPlot;
  const { scrubber, slider, transport } = root.DescentControls;

  class Triptych extends P.Playground {
    constructor(root, config) {
      super(root, config);
      this.surface = D.SURFACES[config.surface];
      this.start = config.start;
      this.factors = config.factors || [0.125, 1, 1.5];
      const lam = this.surface.eigenvalues;
      this.limit2 = 2 / lam[lam.length - 1];
      this.lr = config.lr || 2 / (lam[0] + lam[lam.length - 1]);
      // the figure's colours: descent.plot.style.categorical(3), one per rate
      this.colors = this.factors.map((_f, k) => styleColor("rates")[k % 3]);
      const gd = nameOf("GradientDescent");
      this.plot = new Plot(this.body, {
        extent: this.surface.extent,
        labels: this.surface.labels,
        aspect: 0.55,
        interactive: true,
        ariaLabel: `contours of ${this.surface.latex} and the paths of ${gd} at three learning rates: click or drag to move their common start, or use the arrow keys (Shift: larger moves, Home: back); Enter steps`,
        drawBackground: (ctx, p) => drawContours(ctx, p, this.surface),
      });
      this.pickStart(this.plot, 2);
      this.body.append(scrubber(this));
      this.loss = new LossPlot(this.body, this);
      this.body.append(transport(this));
      const others = this.factors.filter((f) => f !== 1).map((f) => `×${fmt(f)}`);
      const sliders = el("div", { class: "pg-sliders" });
      sliders.append(
        slider(
          {
            label: `learning rate α (the others: ${others.join(", ")})`,
            min: this.limit2 / 50,
            max: this.limit2 * 1.6,
            log: true,
            value: this.lr,
            marks: [
              {
                value: this.limit2,
                text: "2/λmax",
                title: `2/λmax = ${fmt(this.limit2)}: gradient descent diverges to the right of this mark`,
              },
            ],
          },
          (v) => {
            this.lr = v;
            this.changed();
          },
        ),
      );
      this.body.append(sliders);
      this.legend = el("ul", { class: "pg-legend" });
      this.body.append(this.legend);
      this.body.append(
        this.hint(
          `${gd[0].toUpperCase()}${gd.slice(1)} converges iff α < 2/λmax = ${fmt(this.limit2)}. Click or drag on the plot to move the common start.`,
        ),
      );
      this.maxSteps = config.steps || 60;
      this.horizon = this.maxSteps;
      this.t = this.maxSteps;
      this.recompute();
      this.observe();
    }

    rates() {
      return this.factors.map((f) => f * this.lr);
    }

    recompute() {
      this.runs = this.rates().map((lr) =>
        D.run(D.optimizer("GradientDescent", { lr: lr }), this.surface, this.start, P.LONG_RUN),
      );
    }

    draw() {
      const plot = this.plot;
      plot.layout();
      plot.begin();
      plot.marker(this.start, "start");
      const labels = [];
      const queue = [];
      this.exits = this.runs.map((run) => exitOf(plot, run.path));
      this.said = this.runs.map((run, k) =>
        drawTrail(plot, run, run.path, this.t, {
          color: this.colors[k],
          marker: "o",
          labels: labels,
          queue: queue,
          exit: this.exits[k],
        }),
      );
      for (const place of queue) place();
      this.counter.textContent = `step ${this.t}`;
      this.drawLegend();
      this.loss.draw(
        this.runs.map((run, k) => ({ values: run.loss, color: this.colors[k], marker: "o" })),
        this.t,
        this.horizon,
        { log: true, ylabel: "loss" },
      );
    }

    /** Rate k, and what it does at step t: converges or diverges (|1 − αλmax| below or above
     * 1), with its loss or where it left the frame. */
    status(k) {
      const lr = this.rates()[k];
      const run = this.runs[k];
      const verdict = lr < this.limit2 ? "converges" : "diverges";
      const now = this.said[k] || `loss ${fmt(run.loss[Math.min(this.t, run.loss.length - 1)])}`;
      return {
        label: `α = ${fmt(lr)} (×${fmt(this.factors[k])})`,
        text: `${verdict}; ${now}`,
        bad: lr >= this.limit2,
      };
    }

    drawLegend() {
      this.legend.replaceChildren(
        ...this.runs.map((_run, k) => {
          const { label, text, bad } = this.status(k);
          const sw = el("span", { class: "pg-swatch" });
          paintSwatch(sw, this.colors[k], "o");
          return el("li", {}, [
            sw,
            `${label}: `,
            el("span", { class: bad ? "pg-loss pg-bad" : "pg-loss", text: text }),
          ]);
        }),
      );
    }

    summary() {
      const all = this.runs.map((_run, k) => {
        const { label, text } = this.status(k);
        return `${label}: ${text}`;
      });
      return `step ${this.t}. ${all.join(". ")}`;
    }

    state() {
      return {
        kind: "triptych",
        t: this.t,
        horizon: this.horizon,
        start: this.start.slice(),
        extent: this.plot.extent.slice(),
        lr: this.lr,
        runs: this.runs.map((run, k) => ({
          optimizer: "GradientDescent",
          label: this.status(k).label,
          hyper: { lr: this.rates()[k] },
          path: run.path.slice(0, this.t + 1),
          diverged: run.diverged && this.t >= run.divergedAt,
          exit:
            this.exits[k].leftAt >= 0 && this.t >= this.exits[k].leftAt
              ? exitState(this.plot, this.exits[k], this.said[k])
              : null,
        })),
        loss_cursor: this.loss.cursorX,
      };
    }
  }

  P.register("triptych", Triptych);
})(typeof globalThis !== "undefined" ? globalThis : this);
