/* kind-sgd.js: the playground kind "sgd" — mini-batch against full-batch gradient descent on
 * descent.problems.LinearRegression data, on the contours of its loss over (w, b): one tick
 * per epoch on both paths (SGD's every update faint between them, as the figure draws it), a
 * data panel (the points, each run's line, the last mini-batch highlighted), and the next
 * mini-batch's gradient beside the full one. The shuffles are descent.run_stochastic's, from
 * the directive (playground_data.sgd_data), so the paths are descent's.
 *
 * A classic script, after kind-2d.js (SGD extends its Surface2D).
 */
((root) => {
  "use strict";
  const D = root.DescentCore;
  const P = root.DescentPlayground;
  const {
    Plot,
    color,
    drawTrail,
    el,
    exitOf,
    exitState,
    fmt,
    ink,
    nameOf,
    paintSwatch,
    styleColor,
    textInk,
    theme,
  } = root.DescentPlot;
  const { checkbox, slider, stabilityMarks } = root.DescentControls;
  const Surface2D = P.kind("2d");

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
            this.changed();
          },
        ),
        slider(
          { label: `batch size B (of N = ${n})`, min: 1, max: n, step: 1, value: this.batch },
          (v) => {
            this.batch = v;
            this.changed();
          },
        ),
      );
    }

    names() {
      return `batch ${nameOf("GradientDescent")} and SGD`;
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
      this.dataNote = el("p", { class: "pg-hint pg-data-note" });
      this.toggles.after(holder, this.dataNote);
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
      this.dataNote.textContent = last.length
        ? `The data and each run's line ŷ = wx + b at the end of epoch ${this.t}; large dots: its last mini-batch (B = ${this.batch}).`
        : "The data and each run's line ŷ = wx + b at the start.";
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
          label: `batch ${nameOf("GradientDescent")}, B = ${n}, α = ${fmt(this.lr)}`,
        },
        {
          name: "GradientDescent",
          hyper: { lr: this.lr },
          label: `SGD, B = ${this.batch}, α = ${fmt(this.lr)}`,
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
      const colors = [color("GradientDescent"), styleColor("sgd")];
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
          paintSwatch(sw, colors[k], "o");
          const said = this.said[k];
          return el("li", {}, [
            sw,
            `${this.optimizers[k].label}: ${upto} updates; `,
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
          exit: this.said?.[k] ? exitState(this.plot, this.exits[k], this.said[k]) : null,
        })),
        loss_cursor: this.loss.cursorX,
        last_batch: this.batches().last,
      };
    }
  }

  P.register("sgd", SGD);
})(typeof globalThis !== "undefined" ? globalThis : this);
