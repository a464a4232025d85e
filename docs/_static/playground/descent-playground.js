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
 * Each playground div gets `.playground` = {state(), ...} for tests and the console.
 *
 * Colours of the plot itself (paper, ink, axes, shading, contours, markers) are playground.css's
 * custom properties (--pg-canvas-bg, --pg-ink, ...), light or dark with the page's theme
 * (<html data-theme>, which follows prefers-color-scheme unless the reader chose): the canvases
 * are drawn again when it changes. The optimizers keep descent's colours; one that would be
 * unreadable on a dark plot (GradientDescent's black) is drawn in the theme's ink instead.
 *
 * What descent says about its optimizers (hyperparameters, defaults, colours, symbols) is not
 * copied here: the page carries it as <script type="application/json" id="descent-registry">,
 * written by the directive from the library, and this script hands it to DescentCore.
 */
((root) => {
  "use strict";
  const D = root.DescentCore;

  const REGISTRY_ID = "descent-registry";

  /** descent.plot.color: the optimizer's colour on every figure of the site. */
  const color = (name) => D.registry().optimizers[name].color;
  /** descent.plot's symbol of a hyperparameter, in plain text ("β₁"). */
  const symbol = (key) => D.registry().symbols[key] || key;
  const PLAY_STEPS_PER_SECOND = 12;
  const LONG_RUN = 1000;

  // -- small helpers ------------------------------------------------------------------------

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children || []) if (c) node.append(c);
    return node;
  }

  /** A number for people: 4 significant digits, exponent form when very large or small. */
  function fmt(v) {
    if (!Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2).replace("e", "·10^");
    return String(Number(v.toPrecision(4)));
  }

  function label(name, hyper, keys) {
    const parts = (keys || ["lr"])
      .filter((k) => k in hyper)
      .map((k) => `${symbol(k)} = ${fmt(hyper[k])}`);
    return `${name} (${parts.join(", ")})`;
  }

  const reducedMotion = () => root.matchMedia?.("(prefers-reduced-motion: reduce)").matches;

  let uid = 0;
  const nextId = (p) => `pg-${p}-${++uid}`;

  /** "Nice" tick positions covering [lo, hi]. */
  function ticks(lo, hi, count) {
    const span = hi - lo;
    const raw = span / count;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) || raw;
    const out = [];
    for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * span; v += step) {
      out.push(Math.abs(v) < 1e-12 * span ? 0 : v);
    }
    return out;
  }

  // -- colours: the theme's, read from playground.css ----------------------------------------

  const THEME_VARS = {
    bg: "--pg-canvas-bg",
    ink: "--pg-ink",
    axis: "--pg-axis",
    shadeLo: "--pg-shade-lo",
    shadeHi: "--pg-shade-hi",
    contour: "--pg-contour",
    starFill: "--pg-star-fill",
    starEdge: "--pg-star-edge",
    curve: "--pg-curve",
    tangent: "--pg-tangent",
    step: "--pg-step",
    signal: "--pg-signal",
    trend: "--pg-trend",
    window: "--pg-window",
    average: "--pg-average",
  };
  // without the stylesheet: the light theme
  const LIGHT = {
    bg: "#ffffff",
    ink: "#222222",
    axis: "#333333",
    shadeLo: "#fafcff",
    shadeHi: "#9ec4e2",
    contour: "rgba(40, 60, 90, 0.55)",
    starFill: "#ffffff",
    starEdge: "#000000",
    curve: "#0072b2",
    tangent: "#555555",
    step: "#d55e00",
    signal: "#999999",
    trend: "#000000",
    window: "rgba(230, 159, 0, 0.18)",
    average: "#d55e00",
  };

  let palette = null;
  const inks = new Map();

  /** A CSS colour as the canvas spells it ("#rrggbb", or "rgba(r, g, b, a)"). */
  const normalise = (() => {
    let ctx = null;
    return (css, fallback) => {
      ctx = ctx || document.createElement("canvas").getContext("2d");
      ctx.fillStyle = fallback;
      if (css) ctx.fillStyle = css;
      return ctx.fillStyle;
    };
  })();

  function rgb(color) {
    if (color.startsWith("#"))
      return [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
    return color
      .match(/[\d.]+/g)
      .slice(0, 3)
      .map(Number);
  }

  /** WCAG relative luminance and contrast ratio. */
  function luminance(color) {
    const [r, g, b] = rgb(color).map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function contrast(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }

  /** The plot's colours for the page's current theme. */
  function theme() {
    if (palette) return palette;
    const holder = document.querySelector(".playground") || document.documentElement;
    const style = root.getComputedStyle(holder);
    palette = {};
    for (const [key, name] of Object.entries(THEME_VARS)) {
      palette[key] = normalise(style.getPropertyValue(name).trim(), LIGHT[key]);
    }
    // the legend's background (the swatches sit on it), and whether the theme is dark
    palette.surface = normalise(style.backgroundColor, palette.bg);
    if (palette.surface === "rgba(0, 0, 0, 0)") palette.surface = palette.bg;
    palette.dark = luminance(palette.bg) < 0.2;
    inks.clear();
    return palette;
  }

  /** An optimizer's colour as drawn in this theme: descent's; on a dark theme, one with less
   * than 3:1 contrast with the plot or the legend behind it (black, a dark blue) is mixed
   * towards the theme's ink until it has. */
  function ink(color) {
    const t = theme();
    if (!inks.has(color)) {
      const c = normalise(color, t.ink);
      const low = (x) => Math.min(contrast(x, t.bg), contrast(x, t.surface)) < 3;
      let out = c;
      if (t.dark && low(c)) {
        const [a, b] = [rgb(c), rgb(t.ink)];
        for (let f = 0.1; f <= 1.001 && low(out); f += 0.1) {
          const mix = a.map((v, i) => Math.round(v + f * (b[i] - v)));
          out = `#${mix.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
        }
      }
      inks.set(color, out);
    }
    return inks.get(color);
  }

  /** A legend swatch: descent's colour in --pg-color, the colour drawn in --pg-swatch-ink. */
  function paintSwatch(swatch, color) {
    swatch.style.setProperty("--pg-color", color);
    swatch.style.setProperty("--pg-swatch-ink", ink(color));
  }

  const mounted = new Set(); // every playground of the page, to redraw when the theme changes

  function onThemeChange() {
    palette = null;
    for (const pg of mounted) {
      for (const plot of pg.plots()) plot.background = null;
      pg.draw();
    }
    for (const sw of document.querySelectorAll(".playground .pg-swatch")) {
      const c = sw.style.getPropertyValue("--pg-color");
      if (c) paintSwatch(sw, c);
    }
  }

  function watchTheme() {
    if (typeof MutationObserver !== "undefined") {
      new MutationObserver(onThemeChange).observe(document.documentElement, {
        attributes: true,
        attributeFilter: ["data-theme", "data-mode"],
      });
    }
    root.matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", onThemeChange);
  }

  // -- the plot: a canvas with axes, in data coordinates ------------------------------------

  class Plot {
    /** `extent` [x0, x1, y0, y1]; `labels` [x label, y label]; `aspect` height / width. */
    constructor(holder, opts) {
      this.opts = opts;
      this.extent = opts.extent;
      this.canvas = el("canvas", {
        class: "pg-canvas",
        tabindex: opts.interactive ? "0" : "-1",
        role: "img",
        "aria-label": opts.ariaLabel || "plot",
      });
      holder.append(this.canvas);
      this.ctx = this.canvas.getContext("2d");
      this.background = null;
      this.margin = { left: 46, right: 10, top: 10, bottom: 38 };
    }

    layout() {
      const width = Math.max(200, Math.round(this.canvas.parentElement.clientWidth));
      const aspect = this.opts.aspect || 0.75;
      const height = Math.round(Math.min(Math.max(width * aspect, 180), 560));
      const dpr = root.devicePixelRatio || 1;
      if (this.width === width && this.height === height && this.dpr === dpr) return false;
      Object.assign(this, { width, height, dpr });
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.height = `${height}px`;
      this.background = null;
      return true;
    }

    get plotW() {
      return this.width - this.margin.left - this.margin.right;
    }

    get plotH() {
      return this.height - this.margin.top - this.margin.bottom;
    }

    px(x, y) {
      const [x0, x1, y0, y1] = this.extent;
      return [
        this.margin.left + ((x - x0) / (x1 - x0)) * this.plotW,
        this.margin.top + (1 - (y - y0) / (y1 - y0)) * this.plotH,
      ];
    }

    data(px, py) {
      const [x0, x1, y0, y1] = this.extent;
      return [
        x0 + ((px - this.margin.left) / this.plotW) * (x1 - x0),
        y0 + (1 - (py - this.margin.top) / this.plotH) * (y1 - y0),
      ];
    }

    /** The data point under a mouse event, or null outside the axes. */
    eventPoint(event) {
      const r = this.canvas.getBoundingClientRect();
      const px = ((event.clientX - r.left) / r.width) * this.width;
      const py = ((event.clientY - r.top) / r.height) * this.height;
      const m = this.margin;
      if (px < m.left || px > this.width - m.right || py < m.top || py > this.height - m.bottom) {
        return null;
      }
      return this.data(px, py);
    }

    begin() {
      const ctx = this.ctx;
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      if (!this.background) {
        const off = document.createElement("canvas");
        off.width = this.canvas.width;
        off.height = this.canvas.height;
        const octx = off.getContext("2d");
        octx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
        octx.fillStyle = theme().bg;
        octx.fillRect(0, 0, this.width, this.height);
        if (this.opts.drawBackground) this.opts.drawBackground(octx, this);
        this.drawAxes(octx);
        this.background = off;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(this.background, 0, 0);
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    }

    clip(ctx, fn) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(this.margin.left, this.margin.top, this.plotW, this.plotH);
      ctx.clip();
      fn(ctx);
      ctx.restore();
    }

    drawAxes(ctx) {
      const [x0, x1, y0, y1] = this.extent;
      const m = this.margin;
      ctx.strokeStyle = theme().axis;
      ctx.lineWidth = 1;
      ctx.strokeRect(m.left + 0.5, m.top + 0.5, this.plotW, this.plotH);
      ctx.fillStyle = theme().ink;
      ctx.font = "11px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      const nx = Math.max(3, Math.round(this.plotW / 70));
      for (const v of ticks(x0, x1, nx)) {
        const [px] = this.px(v, y0);
        ctx.fillRect(px, m.top + this.plotH, 1, 4);
        ctx.fillText(fmt(v), px, m.top + this.plotH + 5);
      }
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      const ny = Math.max(3, Math.round(this.plotH / 50));
      for (const v of ticks(y0, y1, ny)) {
        const [, py] = this.px(x0, v);
        ctx.fillRect(m.left - 4, py, 4, 1);
        ctx.fillText(fmt(v), m.left - 6, py);
      }
      ctx.font = "italic 13px system-ui, serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";
      ctx.fillText(this.opts.labels[0], m.left + this.plotW / 2, this.height - 2);
      ctx.save();
      ctx.translate(12, m.top + this.plotH / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = "middle";
      ctx.fillText(this.opts.labels[1], 0, 0);
      ctx.restore();
    }

    polyline(points, style) {
      const ctx = this.ctx;
      this.clip(ctx, () => {
        ctx.strokeStyle = ink(style.color);
        ctx.lineWidth = style.width || 2;
        ctx.setLineDash(style.dash || []);
        ctx.lineJoin = "round";
        ctx.beginPath();
        points.forEach((p, i) => {
          const [x, y] = this.px(p[0], p[1]);
          if (i === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        });
        ctx.stroke();
        ctx.setLineDash([]);
        if (style.dots && points.length <= 300) {
          ctx.fillStyle = ink(style.color);
          for (const p of points) {
            const [x, y] = this.px(p[0], p[1]);
            ctx.beginPath();
            ctx.arc(x, y, 2, 0, 2 * Math.PI);
            ctx.fill();
          }
        }
      });
    }

    marker(p, kind, color) {
      const ctx = this.ctx;
      const [x, y] = this.px(p[0], p[1]);
      this.clip(ctx, () => {
        ctx.lineWidth = 2;
        const c = color ? ink(color) : theme().ink;
        ctx.strokeStyle = c;
        ctx.fillStyle = c;
        ctx.beginPath();
        if (kind === "start") {
          ctx.arc(x, y, 5.5, 0, 2 * Math.PI);
          ctx.fillStyle = theme().bg;
          ctx.fill();
          ctx.stroke();
        } else if (kind === "current") {
          ctx.arc(x, y, 4.5, 0, 2 * Math.PI);
          ctx.fill();
          ctx.strokeStyle = theme().bg;
          ctx.lineWidth = 1.5;
          ctx.stroke();
        } else if (kind === "diverged") {
          ctx.moveTo(x - 6, y - 6);
          ctx.lineTo(x + 6, y + 6);
          ctx.moveTo(x + 6, y - 6);
          ctx.lineTo(x - 6, y + 6);
          ctx.lineWidth = 3;
          ctx.stroke();
        } else if (kind === "minimum") {
          paintStar(ctx, x, y);
        }
      });
    }
  }

  function star(ctx, x, y, r) {
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const rr = i % 2 ? r * 0.45 : r;
      if (i === 0) ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      else ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
    }
    ctx.closePath();
  }

  // -- contours of a 2D surface, computed here (no data shipped with the page) --------------

  /** Draw a surface's contours (marching squares at quantile levels) and shading. */
  function drawContours(ctx, plot, surface) {
    const [x0, x1, y0, y1] = plot.extent;
    const nx = Math.min(160, Math.max(60, Math.round(plot.plotW / 3)));
    const ny = Math.max(40, Math.round((nx * plot.plotH) / plot.plotW));
    const z = new Float64Array((nx + 1) * (ny + 1));
    for (let j = 0; j <= ny; j++) {
      for (let i = 0; i <= nx; i++) {
        z[j * (nx + 1) + i] = surface.value([x0 + ((x1 - x0) * i) / nx, y0 + ((y1 - y0) * j) / ny]);
      }
    }
    const sorted = Array.from(z)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const nLevels = 14;
    const levels = [];
    for (let k = 1; k <= nLevels; k++) {
      // quantiles, denser at the bottom: the interesting part of a valley is low
      const q = (k / (nLevels + 1)) ** 1.6;
      const v = sorted[Math.floor(q * (sorted.length - 1))];
      if (!levels.length || v > levels[levels.length - 1]) levels.push(v);
    }
    // shading by rank (lighter = lower), a small image scaled up smoothly
    const img = document.createElement("canvas");
    img.width = nx + 1;
    img.height = ny + 1;
    const ictx = img.getContext("2d");
    const data = ictx.createImageData(nx + 1, ny + 1);
    const lo = rgb(theme().shadeLo);
    const hi = rgb(theme().shadeHi);
    for (let j = 0; j <= ny; j++) {
      for (let i = 0; i <= nx; i++) {
        const v = z[j * (nx + 1) + i];
        let a = 0;
        let b = sorted.length - 1;
        while (a < b) {
          const mid = (a + b) >> 1;
          if (sorted[mid] < v) a = mid + 1;
          else b = mid;
        }
        const r = Number.isFinite(v) ? Math.sqrt(a / sorted.length) : 1;
        const o = ((ny - j) * (nx + 1) + i) * 4;
        data.data.set([0, 1, 2].map((c) => lo[c] + r * (hi[c] - lo[c])).concat([255]), o);
      }
    }
    ictx.putImageData(data, 0, 0);
    ctx.imageSmoothingEnabled = true;
    const [ax, ay] = plot.px(x0, y1);
    ctx.drawImage(img, ax, ay, plot.plotW, plot.plotH);
    // lines
    ctx.strokeStyle = theme().contour;
    ctx.lineWidth = 0.8;
    const sx = plot.plotW / nx;
    const sy = plot.plotH / ny;
    const X = (i) => plot.margin.left + i * sx;
    const Y = (j) => plot.margin.top + plot.plotH - j * sy;
    ctx.beginPath();
    for (const level of levels) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const a = z[j * (nx + 1) + i] - level;
          const b = z[j * (nx + 1) + i + 1] - level;
          const c = z[(j + 1) * (nx + 1) + i + 1] - level;
          const d = z[(j + 1) * (nx + 1) + i] - level;
          const pts = [];
          if (a > 0 !== b > 0) pts.push([X(i + a / (a - b)), Y(j)]);
          if (b > 0 !== c > 0) pts.push([X(i + 1), Y(j + b / (b - c))]);
          if (c > 0 !== d > 0) pts.push([X(i + d / (d - c)), Y(j + 1)]);
          if (d > 0 !== a > 0) pts.push([X(i), Y(j + a / (a - d))]);
          for (let k = 0; k + 1 < pts.length; k += 2) {
            ctx.moveTo(pts[k][0], pts[k][1]);
            ctx.lineTo(pts[k + 1][0], pts[k + 1][1]);
          }
        }
      }
    }
    ctx.stroke();
    for (const m of surface.minima) plot.clip(ctx, () => drawStar(ctx, plot, m));
  }

  function drawStar(ctx, plot, m) {
    const [x, y] = plot.px(m[0], m[1]);
    ctx.beginPath();
    paintStar(ctx, x, y);
  }

  // the minimum's marker, as descent.plot draws it: a white star outlined in black
  function paintStar(ctx, x, y) {
    star(ctx, x, y, 8);
    ctx.fillStyle = theme().starFill;
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = theme().starEdge;
    ctx.stroke();
  }

  // -- controls -----------------------------------------------------------------------------

  /** A labelled range slider with its value shown. `spec`: {label, min, max, value, log, step,
   * marks: [{value, text}]}; onInput(value). */
  function slider(spec, onInput) {
    const id = nextId("slider");
    const N = 1000;
    const log = !!spec.log;
    const toPos = (v) =>
      log
        ? (N * Math.log(v / spec.min)) / Math.log(spec.max / spec.min)
        : (N * (v - spec.min)) / (spec.max - spec.min);
    const fromPos = (p) =>
      log
        ? spec.min * (spec.max / spec.min) ** (p / N)
        : spec.min + ((spec.max - spec.min) * p) / N;
    const round = (v) =>
      spec.step ? Math.round(v / spec.step) * spec.step : Number(v.toPrecision(3));
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
      if (pct < 0 || pct > 100) continue;
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

  function button(text, onClick, extra) {
    return el(
      "button",
      Object.assign({ type: "button", class: "pg-button", onclick: onClick }, extra || {}),
      [text],
    );
  }

  /** Step / Play / Reset / +1000, driving `host.t` up to `host.maxSteps` on Play. */
  function transport(host) {
    const play = button("Play", () => (host.timer ? stop() : start()), { "aria-pressed": "false" });
    let last = 0;
    let carry = 0;
    function frame(now) {
      if (!host.timer) return;
      carry += ((now - (last || now)) / 1000) * PLAY_STEPS_PER_SECOND;
      last = now;
      const n = Math.floor(carry);
      carry -= n;
      if (n > 0) host.setT(Math.min(host.t + n, host.maxSteps));
      if (host.t >= host.maxSteps) stop();
      else host.timer = requestAnimationFrame(frame);
    }
    function start() {
      if (host.t >= host.maxSteps) host.setT(0);
      last = 0;
      carry = 1; // the first step at once
      host.timer = requestAnimationFrame(frame);
      play.textContent = "Pause";
      play.setAttribute("aria-pressed", "true");
    }
    function stop() {
      if (host.timer) cancelAnimationFrame(host.timer);
      host.timer = 0;
      play.textContent = "Play";
      play.setAttribute("aria-pressed", "false");
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
    const counter = el("span", { class: "pg-counter", "aria-live": "polite" });
    row.append(counter);
    host.counter = counter;
    return row;
  }

  // -- the playground base: a container, a plot, controls, redraw on resize -----------------

  class Playground {
    constructor(root, config) {
      this.root = root;
      this.config = config;
      this.t = 0;
      this.timer = 0;
      this.maxSteps = config.steps || 100;
      this.body = el("div", { class: "pg-body" });
      root.prepend(this.body);
      root.classList.add("pg-ready");
      root.playground = this;
      mounted.add(this);
    }

    /** Its plots (to draw again in a new theme). */
    plots() {
      return this.plot ? [this.plot] : [];
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

    setT(t) {
      this.t = Math.max(0, Math.min(t, LONG_RUN));
      this.draw();
    }

    reset() {
      this.t = 0;
      this.draw();
    }

    /** Make the canvas choose the start: click, or arrow keys when focused (Enter steps). */
    pickStart(plot, dims) {
      plot.canvas.addEventListener("click", (event) => {
        const p = plot.eventPoint(event);
        if (!p) return;
        this.setStart(p.slice(0, dims));
        if (!reducedMotion()) this.play();
        else this.setT(this.maxSteps);
      });
      plot.canvas.addEventListener("keydown", (event) => {
        const [x0, x1, y0, y1] = plot.extent;
        const dx = (x1 - x0) / 40;
        const dy = (y1 - y0) / 40;
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
    }

    setStart(start) {
      this.start = start.map((v) => Number(v.toPrecision(6)));
      this.t = 0;
      this.recompute();
      this.draw();
    }

    hint(text) {
      return el("p", { class: "pg-hint", text: text });
    }
  }

  // -- kind "2d": one surface, one or more optimizers from one start ------------------------

  function sliderSpec(param, value, _surface, conf) {
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
    return Object.assign({ value: value, label: label }, base, conf || {});
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
      this.build();
      this.recompute();
      this.observe();
    }

    makeSurface(config) {
      const s = D.SURFACES[config.surface];
      if (s?.dim !== 2) throw new Error(`no 2D surface ${config.surface}`);
      return s;
    }

    defaultStart() {
      const [x0, x1, y0, y1] = this.surface.extent;
      return [x0 + 0.15 * (x1 - x0), y0 + 0.8 * (y1 - y0)];
    }

    build() {
      const surface = this.surface;
      this.plot = new Plot(this.body, {
        extent: surface.extent,
        labels: surface.labels,
        aspect: aspectOf(surface.extent),
        interactive: true,
        ariaLabel: `contours of ${surface.latex || surface.name}; click to choose a start`,
        drawBackground: (ctx, plot) => drawContours(ctx, plot, surface),
      });
      this.pickStart(this.plot, 2);
      this.body.append(transport(this));
      this.sliders = el("div", { class: "pg-sliders" });
      for (const s of this.config.sliders || []) this.sliders.append(this.makeSlider(s));
      this.body.append(this.sliders);
      this.legend = el("ul", { class: "pg-legend" });
      this.body.append(this.legend);
      this.body.append(
        this.hint(
          "Click the plot to start there (or focus it and move the start with the arrow keys; Enter steps).",
        ),
      );
    }

    /** `s`: {param, optimizer (name, or absent for all that have it), min, max, log, marks}. */
    makeSlider(s) {
      const targets = this.optimizers.filter(
        (o) => (!s.optimizer || o.name === s.optimizer) && s.param in o.hyper,
      );
      if (!targets.length) throw new Error(`no optimizer has ${s.param}`);
      const spec = sliderSpec(s.param, targets[0].hyper[s.param], this.surface, s);
      if (s.optimizer && this.optimizers.length > 1) spec.label = `${spec.label} (${s.optimizer})`;
      return slider(spec, (v) => {
        for (const o of targets) o.hyper[s.param] = v;
        this.recompute();
        this.draw();
      });
    }

    recompute() {
      const horizon = Math.max(this.maxSteps, this.t, LONG_RUN);
      this.runs = this.optimizers.map((o) =>
        D.run(D.optimizer(o.name, o.hyper), this.surface, this.start, horizon),
      );
    }

    shown(run) {
      return run.path.slice(0, this.t + 1);
    }

    draw() {
      const plot = this.plot;
      plot.layout();
      plot.begin();
      this.runs.forEach((run, k) => {
        const o = this.optimizers[k];
        const pts = this.shown(run);
        const dashed = o.name === "GradientDescent" && this.optimizers.length > 1;
        plot.polyline(pts, {
          color: color(o.name),
          dots: this.t <= 150,
          dash: dashed ? [6, 4] : [],
        });
        const last = pts[pts.length - 1];
        const diverged = run.diverged && this.t >= run.divergedAt;
        plot.marker(last, diverged ? "diverged" : "current", color(o.name));
      });
      plot.marker(this.start, "start");
      this.counter.textContent = `step ${this.t}`;
      this.legend.replaceChildren(
        ...this.runs.map((run, k) => {
          const o = this.optimizers[k];
          const loss = run.loss[Math.min(this.t, run.loss.length - 1)];
          const diverged = run.diverged && this.t >= run.divergedAt;
          return el("li", {}, [
            el("span", {
              class:
                "pg-swatch" +
                (o.name === "GradientDescent" && this.optimizers.length > 1 ? " pg-dashed" : ""),
            }),
            `${label(
              o.name,
              o.hyper,
              Object.keys(o.hyper).filter((k) => k === "lr" || k === "beta" || k === "beta1"),
            )}: `,
            el("span", {
              class: diverged ? "pg-loss pg-bad" : "pg-loss",
              text: diverged ? `diverged at step ${run.divergedAt}` : `loss ${fmt(loss)}`,
            }),
          ]);
        }),
      );
      this.legend.querySelectorAll(".pg-swatch").forEach((s, k) => {
        paintSwatch(s, color(this.optimizers[k].name));
      });
    }

    state() {
      return {
        kind: this.config.kind,
        surface: this.surface.name,
        t: this.t,
        start: this.start.slice(),
        runs: this.runs.map((run, k) => ({
          optimizer: this.optimizers[k].name,
          hyper: Object.assign({}, this.optimizers[k].hyper),
          path: this.shown(run),
          diverged: run.diverged && this.t >= run.divergedAt,
        })),
      };
    }
  }

  function aspectOf(extent) {
    const r = (extent[3] - extent[2]) / (extent[1] - extent[0]);
    return Math.min(1, Math.max(0.55, r));
  }

  // -- kind "triptych": three learning rates, one slider -------------------------------------

  class Triptych extends Playground {
    constructor(root, config) {
      super(root, config);
      this.surface = D.SURFACES[config.surface];
      this.start = config.start;
      this.factors = config.factors || [0.125, 1, 1.5];
      const lam = this.surface.eigenvalues;
      this.limit = 2 / lam[lam.length - 1];
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
          ariaLabel: `gradient descent at ${f} times the chosen learning rate`,
          drawBackground: (ctx, p) => drawContours(ctx, p, this.surface),
        });
        plot.margin = { left: 34, right: 6, top: 6, bottom: 32 };
        this.pickStart(plot, 2);
        return { factor: f, plot: plot, title: title };
      });
      this.body.append(grid);
      this.body.append(transport(this));
      const sliders = el("div", { class: "pg-sliders" });
      sliders.append(
        slider(
          {
            label: `α of the middle panel (the others: ${this.factors
              .filter((f) => f !== 1)
              .map((f) => `×${fmt(f)}`)
              .join(", ")})`,
            min: this.limit / 50,
            max: this.limit * 1.6,
            log: true,
            value: this.lr,
            marks: [
              {
                value: this.limit,
                text: "2/λmax",
                title: `2/λmax = ${fmt(this.limit)}: the middle panel diverges to the right of this mark`,
              },
            ],
          },
          (v) => {
            this.lr = v;
            this.recompute();
            this.draw();
          },
        ),
      );
      this.body.append(sliders);
      this.body.append(
        this.hint(
          `Converges iff α < 2/λmax = ${fmt(this.limit)}. Click any panel to move the common start.`,
        ),
      );
      this.maxSteps = config.steps || 60;
      this.recompute();
      this.observe();
    }

    plots() {
      return this.panels.map((p) => p.plot);
    }

    recompute() {
      const horizon = Math.max(this.maxSteps, LONG_RUN);
      this.runs = this.panels.map((p) =>
        D.run(
          D.optimizer("GradientDescent", { lr: p.factor * this.lr }),
          this.surface,
          this.start,
          horizon,
        ),
      );
    }

    draw() {
      const lamMax = this.surface.eigenvalues[this.surface.eigenvalues.length - 1];
      this.panels.forEach((p, k) => {
        const run = this.runs[k];
        const lr = p.factor * this.lr;
        p.plot.layout();
        p.plot.begin();
        const pts = run.path.slice(0, this.t + 1);
        p.plot.polyline(pts, { color: color("GradientDescent"), dots: this.t <= 150, width: 1.5 });
        const diverged = run.diverged && this.t >= run.divergedAt;
        p.plot.marker(
          pts[pts.length - 1],
          diverged ? "diverged" : "current",
          color("GradientDescent"),
        );
        p.plot.marker(this.start, "start");
        const verdict = lr < this.limit ? "converges" : "diverges";
        p.title.textContent = `α = ${fmt(lr)}, ${verdict}`;
        p.title.title = `|1 − αλmax| = ${fmt(Math.abs(1 - lr * lamMax))}`;
        p.title.classList.toggle("pg-bad", lr >= this.limit);
      });
      this.counter.textContent = `step ${this.t}`;
    }

    state() {
      return {
        kind: "triptych",
        t: this.t,
        start: this.start.slice(),
        lr: this.lr,
        runs: this.runs.map((run, k) => ({
          optimizer: "GradientDescent",
          hyper: { lr: this.panels[k].factor * this.lr },
          path: run.path.slice(0, this.t + 1),
          diverged: run.diverged && this.t >= run.divergedAt,
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
        ariaLabel: `the curve ${surface.latex}; click to choose the start θ₀`,
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
      this.plot.margin.left = 50;
      this.pickStart(this.plot, 1);
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
          },
        ),
      ]);
      this.body.append(sliders);
      this.readout = el("dl", { class: "pg-readout" });
      this.body.append(this.readout);
      this.body.append(
        this.hint(
          "Click the curve to choose θ₀ (or focus the plot: ←/→ move it, Enter steps). The dashed line is the tangent; the arrow is the next step, −α J′(θ).",
        ),
      );
      this.maxSteps = config.steps || 30;
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
    }

    draw() {
      const plot = this.plot;
      const s = this.surface;
      plot.layout();
      plot.begin();
      const pts = this.run.path.slice(0, this.t + 1).map((p) => [p[0], s.value(p)]);
      plot.polyline(pts, { color: "#E69F00", width: 1.2, dots: true });
      const theta = this.run.path[this.t][0];
      const J = s.value([theta]);
      const slope = s.grad([theta])[0];
      // the tangent, over a fixed width of the plot
      const half = (plot.extent[1] - plot.extent[0]) / 6;
      plot.polyline(
        [
          [theta - half, J - slope * half],
          [theta + half, J + slope * half],
        ],
        { color: theme().tangent, width: 1.5, dash: [5, 4] },
      );
      // the next move, −α J'(θ), drawn along the θ axis under the point
      const next = theta - this.lr * slope;
      const ctx = plot.ctx;
      const [ax, ay] = plot.px(theta, plot.extent[2]);
      const [bx] = plot.px(next, plot.extent[2]);
      plot.clip(ctx, () => {
        ctx.strokeStyle = theme().step;
        ctx.fillStyle = theme().step;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(ax, ay - 8);
        ctx.lineTo(bx, ay - 8);
        ctx.stroke();
        const dir = Math.sign(bx - ax) || 1;
        ctx.beginPath();
        ctx.moveTo(bx, ay - 8);
        ctx.lineTo(bx - dir * 7, ay - 12);
        ctx.lineTo(bx - dir * 7, ay - 4);
        ctx.fill();
      });
      plot.marker([this.start[0], s.value(this.start)], "start");
      const diverged = this.run.diverged && this.t >= this.run.divergedAt;
      plot.marker([theta, J], diverged ? "diverged" : "current");
      this.counter.textContent = `step ${this.t}`;
      const rows = [
        ["θ", fmt(theta)],
        ["J(θ)", fmt(J)],
        ["slope J′(θ)", fmt(slope)],
        ["next step −α J′(θ)", fmt(-this.lr * slope)],
      ];
      this.readout.replaceChildren(
        ...rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]),
      );
    }

    state() {
      return {
        kind: "1d",
        t: this.t,
        start: this.start.slice(),
        lr: this.lr,
        runs: [
          {
            optimizer: "GradientDescent",
            hyper: { lr: this.lr },
            path: this.run.path.slice(0, this.t + 1),
          },
        ],
      };
    }
  }

  // -- kind "open": any 2D surface, any optimizers, any hyperparameters ----------------------

  // config.lr[surface][optimizer]: the first learning rate of each optimizer on each surface,
  // from the directive (docs/_ext/playground_data.py, OPEN_LR)

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
    }

    build() {
      const names = this.config._names;
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
          } else {
            input = el("input", {
              type: "number",
              id: pid,
              value: String(value),
              step: "any",
              min: "0",
              inputmode: "decimal",
            });
            if (key.startsWith("beta")) input.max = "0.9999";
          }
          input.dataset.param = key;
          input.addEventListener("change", () => this.syncOptimizers());
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
      this.error = el("p", { class: "pg-error", role: "alert" });
      form.append(this.error);
      this.plotHolder = el("div");
      this.body.append(form, this.plotHolder);
      this.makePlot();
      this.body.append(transport(this));
      this.legend = el("ul", { class: "pg-legend" });
      this.body.append(this.legend);
      this.body.append(
        this.hint(
          "Click the plot to start every ticked optimizer there (or focus it: arrow keys move the start, Enter steps).",
        ),
      );
      this.syncOptimizers(false);
    }

    suggested(name) {
      return { lr: this.config.lr[this.surface.name][name] };
    }

    makePlot() {
      const surface = this.surface;
      this.plotHolder.replaceChildren();
      this.plot = new Plot(this.plotHolder, {
        extent: surface.extent,
        labels: surface.labels,
        aspect: aspectOf(surface.extent),
        interactive: true,
        ariaLabel: `contours of ${surface.latex}; click to choose a start`,
        drawBackground: (ctx, plot) => drawContours(ctx, plot, surface),
      });
      this.pickStart(this.plot, 2);
    }

    setSurface(name) {
      this.stop();
      this.surface = D.SURFACES[name];
      this.start = this.defaultStart();
      for (const [opt, c] of Object.entries(this.choices)) {
        c.params.querySelector('[data-param="lr"]').value = String(this.suggested(opt).lr);
      }
      this.makePlot();
      this.t = 0;
      this.syncOptimizers();
    }

    syncOptimizers(redraw) {
      const chosen = [];
      const problems = [];
      for (const [name, c] of Object.entries(this.choices)) {
        if (!c.checkbox.checked) continue;
        const hyper = {};
        for (const input of c.params.querySelectorAll("input")) {
          hyper[input.dataset.param] =
            input.type === "checkbox" ? input.checked : Number(input.value);
        }
        try {
          D.optimizer(name, hyper);
          chosen.push({ name: name, hyper: hyper });
        } catch (err) {
          problems.push(`${name}: ${err.message}`);
        }
      }
      this.error.textContent = problems.join("; ");
      this.optimizers = chosen;
      this.recompute();
      if (redraw !== false) this.draw();
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
      this.maxSteps = T;
      this.t = T;
      this.longRun = false;
      this.body.append(transport(this));
      const bc = el("input", { type: "checkbox", id: nextId("bias") });
      bc.addEventListener("change", () => {
        this.bias = bc.checked;
        this.recompute();
        this.draw();
      });
      this.body.append(
        el("div", { class: "pg-sliders" }, [
          slider({ label: "β", min: 0, max: 0.99, step: 0.01, value: this.beta }, (v) => {
            this.beta = v;
            this.recompute();
            this.draw();
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

    setT(t) {
      this.t = Math.max(0, Math.min(t, this.signal.length));
      this.draw();
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
      this.counter.textContent = `t = ${this.t}`;
      const last = this.t > 0 ? fmt(this.average[this.t - 1]) : "—";
      this.readout.textContent =
        `window 1/(1 − β) = ${fmt(n)} steps (shaded: they carry 1 − βⁿ ≈ ${fmt(1 - this.beta ** Math.round(n))} of the weight); ` +
        `average at t = ${this.t}: ${last}. Grey dots: the signal; dashed: its trend.`;
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
      this.longRun = false;
      super.build();
      const n = this.problem.nSamples;
      this.sliders.replaceChildren(
        slider(
          { label: "learning rate α", min: 0.005, max: 0.5, log: true, value: this.lr },
          (v) => {
            this.lr = v;
            this.recompute();
            this.draw();
          },
        ),
        slider(
          { label: `batch size B (of N = ${n})`, min: 1, max: n, step: 1, value: this.batch },
          (v) => {
            this.batch = v;
            this.recompute();
            this.draw();
          },
        ),
      );
    }

    defaultStart() {
      const [x0, x1, y0, y1] = this.surface.extent;
      return [x0 + 0.1 * (x1 - x0), y0 + 0.85 * (y1 - y0)];
    }

    setT(t) {
      this.t = Math.max(0, Math.min(t, this.orders.length));
      this.draw();
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
    }

    shown(run) {
      const upto = this.t === 0 ? 0 : run.epochEnds[this.t - 1];
      return run.path.slice(0, upto + 1);
    }

    draw() {
      const plot = this.plot;
      plot.layout();
      plot.begin();
      // the batch run in gradient descent's colour, SGD in another of the palette's
      const colors = [color("GradientDescent"), color("Adam")];
      this.runs.forEach((run, k) => {
        const pts = this.shown(run);
        plot.polyline(pts, {
          color: colors[k],
          width: k ? 1.2 : 2,
          dots: k === 0,
          dash: k ? [] : [6, 4],
        });
        plot.marker(pts[pts.length - 1], "current", colors[k]);
      });
      plot.marker(this.start, "start");
      this.counter.textContent = `epoch ${this.t}`;
      this.legend.replaceChildren(
        ...this.runs.map((run, k) => {
          const pts = this.shown(run);
          const sw = el("span", { class: `pg-swatch${k ? "" : " pg-dashed"}` });
          paintSwatch(sw, colors[k]);
          return el("li", {}, [
            sw,
            `${this.optimizers[k].label}, α = ${fmt(this.lr)}: ${pts.length - 1} updates, `,
            el("span", { class: "pg-loss", text: `loss ${fmt(run.loss[pts.length - 1])}` }),
          ]);
        }),
      );
    }

    state() {
      return {
        kind: "sgd",
        t: this.t,
        start: this.start.slice(),
        lr: this.lr,
        batch_size: this.batch,
        runs: this.runs.map((run, k) => ({
          label: this.optimizers[k].label,
          path: this.shown(run),
        })),
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
