/* kind-ema.js: the playground kind "ema" — a noisy signal and its exponential moving average
 * (descent.ema), the window 1/(1 − β) shaded, and under it the weight of each past value
 * against its lag, (1 − β) βᵏ, as the EMA figure draws them; β on a slider, bias correction
 * on a checkbox.
 *
 * A classic script, after descent-playground.js.
 */
((root) => {
  "use strict";
  const D = root.DescentCore;
  const P = root.DescentPlayground;
  const { Plot, el, fmt, ink, nextId, styleColor, theme, three } = root.DescentPlot;
  const { scrubber, slider, transport } = root.DescentControls;

  class EMA extends P.Playground {
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
        this.changed();
      });
      this.body.append(
        el("div", { class: "pg-sliders" }, [
          slider({ label: "β", min: 0, max: 0.99, step: 0.01, value: this.beta }, (v) => {
            this.beta = v;
            this.changed();
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

    /** The window's shade: the average's colour at the figure's alpha (0.3). */
    windowFill() {
      const [r, g, b] = ink(styleColor("ema"))
        .match(/[0-9a-f]{2}/gi)
        .map((h) => Number.parseInt(h, 16));
      return `rgba(${r}, ${g}, ${b}, 0.3)`;
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
          ctx.fillStyle = this.windowFill();
          ctx.fillRect(xa, ya, xb - xa, yb - ya);
        });
      }
      const pts = this.average.slice(0, this.t).map((v, i) => [i + 1, v]);
      plot.polyline(pts, { color: ink(styleColor("ema")), width: 2.2 });
      if (this.t > 0) plot.marker(pts[pts.length - 1], "current", ink(styleColor("ema")));
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
        ctx.fillStyle = this.windowFill();
        ctx.fillRect(xa, ya, xb - xa, yb - ya);
        ctx.fillStyle = ink(styleColor("ema"));
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

  P.register("ema", EMA);
})(typeof globalThis !== "undefined" ? globalThis : this);
