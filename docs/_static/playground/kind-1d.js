/* kind-1d.js: the playground kind "1d" — a curve J(θ), gradient descent's path along it, the
 * tangent at the current point (dashed, as descent.plot's animation draws it) and the next
 * step −α J′(θ); a readout of θ, J, the slope and the step; α on a slider marked at 2/λ,
 * above which the steps grow.
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
    color,
    drawStar,
    drawTrail,
    el,
    exitOf,
    exitState,
    fmt,
    ink,
    markerOf,
    theme,
  } = root.DescentPlot;
  const { scrubber, slider, transport } = root.DescentControls;

  class Curve1D extends P.Playground {
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
        ariaLabel: `the curve ${surface.latex} and the path of gradient descent along it: click or drag to choose the start θ₀, or move it with ← and → (Shift: larger moves, Home: back); Enter steps`,
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
            this.changed();
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
        P.LONG_RUN,
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
        plot.arrow([theta, y], [next, y], ink(gd), 2);
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
        extent: this.plot.extent.slice(),
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
                ? exitState(this.plot, this.exit, this.said)
                : null,
          },
        ],
        loss_cursor: this.loss.cursorX,
      };
    }
  }

  P.register("1d", Curve1D);
})(typeof globalThis !== "undefined" ? globalThis : this);
