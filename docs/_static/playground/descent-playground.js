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
 * Colours of the plot itself (paper, ink, axes, shading, contours, markers) are playground.css's
 * custom properties (--pg-canvas-bg, --pg-ink, ...), light or dark with the page's theme
 * (<html data-theme>, which follows prefers-color-scheme unless the reader chose): the canvases
 * are drawn again when it changes. The optimizers keep descent's colours and markers; one that
 * would be unreadable on a dark plot is mixed towards the theme's ink until it has 3:1.
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
  /** descent.plot.marker: "o", "s", "D", "^", "v", "P" or "X". */
  const markerOf = (name) => D.registry().optimizers[name]?.marker || "o";
  /** descent.plot.style's colours of what is not an optimizer (SGD, a diverged run). */
  const styleColor = (key, fallback) => D.registry().styles?.[key] || fallback;
  const PLAY_STEPS_PER_SECOND = 12; // at least; a long horizon replays in PLAY_SECONDS
  const PLAY_SECONDS = 5;
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

  const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴" };
  Object.assign(SUPERSCRIPT, { 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" });
  const power = (e) => `10${[...String(e)].map((c) => SUPERSCRIPT[c]).join("")}`;

  /** A number for people: 4 significant digits; very large or small as "7.0 × 10¹⁵". */
  function fmt(v) {
    if (Number.isNaN(v)) return "undefined";
    if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) {
      const [m, e] = v.toExponential(1).split("e");
      return `${m} × ${power(Number(e))}`;
    }
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
    texts.clear();
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

  const texts = new Map();

  /** An optimizer's colour for text on the plot (a label, a rate box): descent's colour mixed
   * towards the theme's ink until it has 4.5:1 against the paper, in either theme. */
  function textInk(color) {
    const t = theme();
    if (!texts.has(color)) {
      const c = normalise(color, t.ink);
      const low = (x) => contrast(x, t.bg) < 4.5;
      let out = c;
      const [a, b] = [rgb(c), rgb(t.ink)];
      for (let f = 0.1; f <= 1.001 && low(out); f += 0.1) {
        const mix = a.map((v, i) => Math.round(v + f * (b[i] - v)));
        out = `#${mix.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
      }
      texts.set(color, out);
    }
    return texts.get(color);
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
    /** `extent` [x0, x1, y0, y1]; `labels` [x label, y label]; `aspect` height / width;
     * `height(width)` instead of `aspect` for a fixed band; `yTicks(lo, hi)` → [{value, text}]
     * for axes that are not linear in the data (the loss plot's log scale). */
    constructor(holder, opts) {
      this.opts = opts;
      this.extent = opts.extent;
      this.canvas = el("canvas", {
        class: opts.interactive ? "pg-canvas pg-interactive" : "pg-canvas",
        tabindex: opts.interactive ? "0" : "-1",
        // an interactive plot takes the arrow keys itself: an application, with its own label
        role: opts.interactive ? "application" : "img",
        "aria-roledescription": opts.interactive ? "interactive plot" : null,
        "aria-label": opts.ariaLabel || "plot",
      });
      if (!opts.interactive) this.canvas.removeAttribute("aria-roledescription");
      holder.append(this.canvas);
      this.ctx = this.canvas.getContext("2d");
      this.background = null;
      this.margin = Object.assign({ left: 46, right: 10, top: 10, bottom: 38 }, opts.margin);
    }

    layout() {
      const width = Math.max(200, Math.round(this.canvas.parentElement.clientWidth));
      const height = this.opts.height
        ? Math.round(this.opts.height(width))
        : Math.round(Math.min(Math.max(width * (this.opts.aspect || 0.75), 180), 560));
      const dpr = root.devicePixelRatio || 1;
      if (this.width === width && this.height === height && this.dpr === dpr) return false;
      Object.assign(this, { width, height, dpr });
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.height = `${height}px`;
      this.background = null;
      return true;
    }

    setExtent(extent) {
      if (this.extent.every((v, i) => v === extent[i])) return;
      this.extent = extent;
      this.background = null;
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

    /** The data point under a pointer event; null outside the axes, unless `clamp`: then the
     * nearest point inside them (a drag that strays outside keeps the start on the edge). */
    eventPoint(event, clamp) {
      const r = this.canvas.getBoundingClientRect();
      let px = ((event.clientX - r.left) / r.width) * this.width;
      let py = ((event.clientY - r.top) / r.height) * this.height;
      const m = this.margin;
      const [left, right] = [m.left, this.width - m.right];
      const [top, bottom] = [m.top, this.height - m.bottom];
      if (px < left || px > right || py < top || py > bottom) {
        if (!clamp) return null;
        px = Math.min(Math.max(px, left), right);
        py = Math.min(Math.max(py, top), bottom);
      }
      return this.data(px, py);
    }

    /** Is `p` inside the axes (on the edge counts)? */
    inside(p) {
      const [x0, x1, y0, y1] = this.extent;
      return p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1;
    }

    /** `p` moved onto the axes' rectangle if outside it. */
    clamp(p) {
      const [x0, x1, y0, y1] = this.extent;
      return [Math.min(Math.max(p[0], x0), x1), Math.min(Math.max(p[1], y0), y1)];
    }

    /** The part of the segment a→b inside the axes (Liang–Barsky), in data coordinates, or
     * null; `cutEnd` says that b itself is outside. Far points never reach the canvas. */
    clipSegment(a, b) {
      const [x0, x1, y0, y1] = this.extent;
      const d = [b[0] - a[0], b[1] - a[1]];
      let lo = 0;
      let hi = 1;
      const edges = [
        [-d[0], a[0] - x0],
        [d[0], x1 - a[0]],
        [-d[1], a[1] - y0],
        [d[1], y1 - a[1]],
      ];
      for (const [p, q] of edges) {
        if (p === 0) {
          if (q < 0) return null;
        } else {
          const r = q / p;
          if (p < 0) lo = Math.max(lo, r);
          else hi = Math.min(hi, r);
        }
      }
      if (lo > hi) return null;
      const at = (f) => [a[0] + f * d[0], a[1] + f * d[1]];
      return { from: at(lo), to: at(hi), cutStart: lo > 0, cutEnd: hi < 1 };
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
      const yTicks = this.opts.yTicks
        ? this.opts.yTicks(y0, y1, ny)
        : ticks(y0, y1, ny).map((v) => ({ value: v, text: fmt(v) }));
      for (const { value, text } of yTicks) {
        const [, py] = this.px(x0, value);
        ctx.fillRect(m.left - 4, py, 4, 1);
        ctx.fillText(text, m.left - 6, py);
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

    /** A line through `points` (data coordinates), cut at the axes. */
    polyline(points, style) {
      const ctx = this.ctx;
      this.clip(ctx, () => {
        ctx.strokeStyle = ink(style.color);
        ctx.globalAlpha = style.alpha || 1;
        ctx.lineWidth = style.width || 2;
        ctx.setLineDash(style.dash || []);
        ctx.lineJoin = "round";
        ctx.beginPath();
        let pen = false;
        for (let i = 0; i < points.length; i++) {
          const seg = i ? this.clipSegment(points[i - 1], points[i]) : null;
          if (i === 0 || !seg) {
            pen = i === 0 && this.inside(points[0]);
            if (pen) ctx.moveTo(...this.px(...points[0]));
            continue;
          }
          if (!pen || seg.cutStart) ctx.moveTo(...this.px(...seg.from));
          ctx.lineTo(...this.px(...seg.to));
          pen = !seg.cutEnd;
        }
        ctx.stroke();
        ctx.setLineDash([]);
        if (style.dots && points.length <= 300) {
          ctx.fillStyle = ink(style.color);
          for (const p of points) {
            if (!this.inside(p)) continue;
            const [x, y] = this.px(p[0], p[1]);
            ctx.beginPath();
            ctx.arc(x, y, style.dotSize || 1.8, 0, 2 * Math.PI);
            ctx.fill();
          }
        }
        ctx.globalAlpha = 1;
      });
    }

    marker(p, kind, color, shape) {
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
          // descent.plot's head: the optimizer's marker, edged in the paper's colour
          markerPath(ctx, x, y, shape || "o", 5);
          ctx.fill();
          ctx.strokeStyle = theme().bg;
          ctx.lineWidth = 1.2;
          ctx.stroke();
        } else if (kind === "exit") {
          // where a run left the frame: its marker open, on the edge (descent.plot.Trail)
          markerPath(ctx, x, y, shape || "o", 5.5);
          ctx.fillStyle = theme().bg;
          ctx.fill();
          ctx.stroke();
        } else if (kind === "minimum") {
          paintStar(ctx, x, y);
        }
      });
    }

    /** An arrow from `a` to `b` (data coordinates), cut at the axes. */
    arrow(a, b, color, width) {
      const seg = this.clipSegment(a, b);
      if (!seg) return;
      const [ax, ay] = this.px(...seg.from);
      const [bx, by] = this.px(...seg.to);
      const len = Math.hypot(bx - ax, by - ay);
      if (len < 2) return;
      const ctx = this.ctx;
      this.clip(ctx, () => {
        ctx.strokeStyle = color;
        ctx.fillStyle = color;
        ctx.lineWidth = width || 2;
        ctx.beginPath();
        ctx.moveTo(ax, ay);
        ctx.lineTo(bx, by);
        ctx.stroke();
        arrowHead(ctx, bx, by, (bx - ax) / len, (by - ay) / len, Math.min(9, 3 + len / 3));
      });
    }

    /** Text in a box of the paper's colour (as descent.plot's TEXT_BOX), `lines` one a row,
     * anchored at (x, y) in pixels by `align` ("left"/"right") and `valign` ("top"/"bottom");
     * moved up or down (away from `valign`'s side) until it overlaps none of `avoid`. */
    label(lines, x, y, color, align, valign, avoid) {
      const ctx = this.ctx;
      ctx.font = "12px system-ui, sans-serif";
      const w = Math.max(...lines.map((t) => ctx.measureText(t).width)) + 8;
      const h = 15 * lines.length + 4;
      const left = align === "right" ? x - w : x;
      const top = valign === "bottom" ? y - h : y;
      const box = {
        left: Math.min(Math.max(left, this.margin.left + 1), this.width - this.margin.right - w),
        top: Math.min(Math.max(top, this.margin.top + 1), this.height - this.margin.bottom - h),
        w: w,
        h: h,
      };
      const overlaps = (a) =>
        a.left < box.left + w &&
        box.left < a.left + a.w &&
        a.top < box.top + h &&
        box.top < a.top + a.h;
      const dir = valign === "bottom" ? -1 : 1;
      for (let k = 0; k < 8 && (avoid || []).some(overlaps); k++) {
        box.top += dir * (h + 2);
        if (box.top < this.margin.top || box.top + h > this.height - this.margin.bottom) {
          box.top -= dir * (h + 2) * (k + 2); // no room that way: try the other
        }
      }
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = theme().bg;
      ctx.fillRect(box.left, box.top, w, h);
      ctx.globalAlpha = 1;
      ctx.fillStyle = color;
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      lines.forEach((t, i) => {
        ctx.fillText(t, box.left + 4, box.top + 3 + 15 * i);
      });
      return box;
    }
  }

  function arrowHead(ctx, x, y, ux, uy, size) {
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x - size * ux + 0.5 * size * uy, y - size * uy - 0.5 * size * ux);
    ctx.lineTo(x - size * ux - 0.5 * size * uy, y - size * uy + 0.5 * size * ux);
    ctx.closePath();
    ctx.fill();
  }

  /** The path of one of descent.plot's markers (matplotlib's o s D ^ v P X), radius `r`. */
  function markerPath(ctx, x, y, shape, r) {
    const poly = (pts) => {
      pts.forEach(([u, v], i) => {
        if (i) ctx.lineTo(x + u * r, y + v * r);
        else ctx.moveTo(x + u * r, y + v * r);
      });
      ctx.closePath();
    };
    const t = 0.38; // half the width of a plus's arm
    const plus = [
      [-t, -1],
      [t, -1],
      [t, -t],
      [1, -t],
      [1, t],
      [t, t],
      [t, 1],
      [-t, 1],
      [-t, t],
      [-1, t],
      [-1, -t],
      [-t, -t],
    ];
    const c = Math.SQRT1_2;
    if (shape === "s")
      poly([
        [-0.85, -0.85],
        [0.85, -0.85],
        [0.85, 0.85],
        [-0.85, 0.85],
      ]);
    else if (shape === "D")
      poly([
        [0, -1.1],
        [0.8, 0],
        [0, 1.1],
        [-0.8, 0],
      ]);
    else if (shape === "^")
      poly([
        [0, -1.15],
        [1, 0.75],
        [-1, 0.75],
      ]);
    else if (shape === "v")
      poly([
        [0, 1.15],
        [1, -0.75],
        [-1, -0.75],
      ]);
    else if (shape === "P") poly(plus);
    else if (shape === "X") poly(plus.map(([u, v]) => [c * (u - v), c * (u + v)]));
    else ctx.arc(x, y, r, 0, 2 * Math.PI);
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

  // -- a run on the plot: cut at the frame, its exit marked ----------------------------------

  /** Where `path` leaves the frame for good: `leftAt` the first step of the last stretch outside
   * it (-1 if it ends inside), `exit` the point where it crosses the edge, `dir` its direction
   * there (pixels). As descent.plot.Trail decides it, over the whole computed run. */
  function exitOf(plot, path) {
    let last = path.length - 1;
    while (last >= 0 && !plot.inside(path[last])) last--;
    if (last === path.length - 1) return { leftAt: -1 };
    if (last < 0) return { leftAt: 0, exit: plot.clamp(path[0]), dir: [0, 0] };
    const seg = plot.clipSegment(path[last], path[last + 1]);
    const exit = seg ? seg.to : plot.clamp(path[last]);
    const [ax, ay] = plot.px(...path[last]);
    const [bx, by] = plot.px(...path[last + 1]);
    const len = Math.hypot(bx - ax, by - ay) || 1;
    return { leftAt: last + 1, exit: exit, dir: [(bx - ax) / len, (by - ay) / len] };
  }

  /** What happened to a run that left the frame, at step `t`: it escaped (a surface with no
   * minimum: it leaves a saddle), diverged (descent's run stopped it), or only left. */
  function exitText(run, exit, t, escapes) {
    if (escapes) return `escapes at step ${exit.leftAt}`;
    if (run.diverged && t >= run.divergedAt) return `diverged at step ${run.divergedAt}`;
    return `leaves at step ${exit.leftAt}`;
  }

  /** Draw `path` up to step `upto` as descent.plot.animate does: a line with small dots, the
   * optimizer's marker at the head; once it has left the frame for good, the line stops at the
   * edge with an arrow, an open marker and the words of `exitText`. Returns what it said. */
  function drawTrail(plot, run, path, upto, o) {
    upto = Math.min(upto, path.length - 1);
    const exit = o.exit || exitOf(plot, path);
    const gone = exit.leftAt >= 0 && upto >= exit.leftAt;
    const stop = gone ? exit.leftAt : upto;
    plot.polyline(path.slice(0, stop + 1), {
      color: o.color,
      width: o.width || 1.8,
      dots: o.dots !== false && stop <= 150,
      dotSize: o.dotSize,
      dash: o.dash,
      alpha: o.alpha,
    });
    if (o.head === false) return gone ? exitText(run, exit, upto, o.escapes) : "";
    if (!gone) {
      const head = path[upto];
      plot.marker(plot.clamp(head), plot.inside(head) ? "current" : "exit", o.color, o.marker);
      return "";
    }
    const [ex, ey] = plot.px(...exit.exit);
    const c = ink(o.color);
    const ctx = plot.ctx;
    ctx.fillStyle = c;
    arrowHead(ctx, ex, ey, exit.dir[0], exit.dir[1], 11);
    plot.marker(exit.exit, "exit", o.color, o.marker);
    const text = exitText(run, exit, upto, o.escapes);
    const tc = textInk(o.color);
    if (o.labels) {
      // inside the frame, next to the crossing, clear of the labels already placed; after
      // every trail is drawn (`o.queue`), so that no other line crosses it
      const right = ex > plot.margin.left + plot.plotW / 2;
      const below = ey < plot.margin.top + plot.plotH / 2;
      const place = () =>
        plot.label(
          [text],
          right ? ex - 10 : ex + 10,
          below ? ey + 10 : ey - 10,
          tc,
          right ? "right" : "left",
          below ? "top" : "bottom",
          o.labels,
        );
      if (o.queue) o.queue.push(() => o.labels.push(place()));
      else o.labels.push(place());
    }
    return text;
  }

  // -- the loss plot under the scrubber: loss against step, log scale, a cursor ---------------

  /** Tick labels of a log10 axis: powers of ten, at most `count`. */
  function logTicks(lo, hi, count) {
    const a = Math.ceil(lo - 1e-9);
    const b = Math.floor(hi + 1e-9);
    const every = Math.max(1, Math.ceil((b - a + 1) / count));
    const out = [];
    for (let e = a; e <= b; e++) {
      if ((e - a) % every === 0) out.push({ value: e, text: power(e) });
    }
    return out;
  }

  class LossPlot {
    /** Under `holder`; `host.setT(t)` is called when the reader drags along it. */
    constructor(holder, host, opts) {
      this.host = host;
      this.opts = opts || {};
      this.log = true;
      this.plot = new Plot(holder, {
        extent: [0, 1, 0, 1],
        labels: [this.opts.xlabel || "step t", "loss"],
        height: (w) => Math.min(Math.max(w * 0.3, 120), 170),
        interactive: false,
        ariaLabel: "the loss against the step; drag along it to move in time",
        margin: { left: 52, right: 10, top: 8, bottom: 34 },
        yTicks: (lo, hi, n) =>
          this.log
            ? logTicks(lo, hi, n)
            : ticks(lo, hi, n).map((v) => ({ value: v, text: fmt(v) })),
      });
      this.plot.canvas.classList.add("pg-loss-plot");
      const c = this.plot.canvas;
      let dragging = false;
      const scrub = (event) => {
        const p = this.plot.eventPoint(event, true);
        this.host.stop();
        this.host.setT(Math.round(p[0] / (this.opts.xScale || 1)));
      };
      c.addEventListener("pointerdown", (event) => {
        if (!this.plot.eventPoint(event)) return;
        dragging = true;
        c.setPointerCapture?.(event.pointerId);
        scrub(event);
      });
      c.addEventListener("pointermove", (event) => dragging && scrub(event));
      c.addEventListener("pointerup", () => {
        dragging = false;
      });
      c.addEventListener("pointercancel", () => {
        dragging = false;
      });
    }

    /** `series`: [{values (one a step), color, dash, width, xScale, label}]; `minValue` is
     * subtracted (f − f*, as descent.plot's loss panel); `log` false for a loss that goes
     * negative (a saddle): then the scale is linear over the values while inside the frame. */
    draw(series, t, horizon, opts) {
      const plot = this.plot;
      const xScale = this.opts.xScale || 1;
      this.log = opts.log;
      const tr = (v) => (this.log ? Math.log10(Math.max(v, 1e-300)) : v);
      let lo = Infinity;
      let hi = -Infinity;
      let start = -Infinity;
      for (const s of series) {
        const n = Math.min(s.values.length, Math.round(horizon / (s.xScale || xScale)) + 1);
        for (let i = 0; i < n; i++) {
          const v = s.values[i];
          if (!Number.isFinite(v) || (this.log && v <= 0) || (s.inside && !s.inside[i])) continue;
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        if (Number.isFinite(s.values[0])) start = Math.max(start, s.values[0]);
      }
      if (!Number.isFinite(lo)) [lo, hi] = this.log ? [1e-3, 1] : [-1, 1];
      let extent;
      if (this.log) {
        // a diverging run would stretch the axis to 10³⁰: at most 100 times the start
        const top = Math.min(hi * 2, 100 * (start > 0 ? start : hi));
        const bottom = Math.max(lo, top * 1e-16) / 2;
        extent = [0, horizon * xScale, Math.log10(bottom), Math.log10(top)];
        if (extent[3] - extent[2] < 1) extent[2] = extent[3] - 1;
      } else {
        const pad = 0.08 * (hi - lo || 1);
        extent = [0, horizon * xScale, lo - pad, hi + pad];
      }
      plot.layout();
      plot.setExtent(extent);
      plot.opts.labels[1] = opts.ylabel;
      plot.background = plot.background && plot.ylabel === opts.ylabel ? plot.background : null;
      plot.ylabel = opts.ylabel;
      plot.begin();
      for (const s of series) {
        const sx = s.xScale || xScale;
        const n = Math.min(s.values.length, Math.round(horizon / sx) + 1);
        const pts = [];
        for (let i = 0; i < n; i++) {
          const v = s.values[i];
          if (!Number.isFinite(v)) break;
          pts.push([i * sx, tr(this.log ? Math.max(v, 10 ** extent[2]) : v)]);
        }
        plot.polyline(pts, {
          color: s.color,
          width: s.width || 1.6,
          dash: s.dash,
          alpha: s.alpha,
        });
        if (s.label && pts.length) {
          const [px, py] = plot.px(...plot.clamp(pts[pts.length - 1]));
          plot.label([s.label], px - 4, py, textInk(s.color), "right", "bottom");
        }
      }
      // the cursor: a line at step t and each loss there
      const ctx = plot.ctx;
      const [cx] = plot.px(t * xScale, extent[2]);
      ctx.strokeStyle = theme().ink;
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(cx + 0.5, plot.margin.top);
      ctx.lineTo(cx + 0.5, plot.margin.top + plot.plotH);
      ctx.stroke();
      ctx.setLineDash([]);
      for (const s of series) {
        if (s.cursor === false) continue;
        const i = Math.min(Math.round((t * xScale) / (s.xScale || xScale)), s.values.length - 1);
        const v = s.values[i];
        if (!Number.isFinite(v)) continue;
        const p = [i * (s.xScale || xScale), tr(this.log ? Math.max(v, 10 ** extent[2]) : v)];
        if (plot.inside(p)) plot.marker(p, "current", s.color, s.marker);
      }
      this.cursorX = cx;
    }
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
        lines.push(
          `x = torch.tensor(${start}, dtype=torch.float64, requires_grad=True)`,
          `opt = ${filled}`,
          `for _ in range(${steps}):`,
          "    opt.zero_grad()",
          "    x.grad = torch.from_numpy(surface.grad(x.detach().numpy()))",
          "    opt.step()",
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
