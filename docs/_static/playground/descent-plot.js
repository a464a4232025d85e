/* descent-plot.js: what the playgrounds draw with, on a <canvas>: the plot and its axes in
 * data coordinates, descent.plot's markers, a run cut at the frame with its exit marked, the
 * loss plot (log scale) with its cursor, the contours of a surface, and the theme's colours.
 *
 * Every colour comes from descent.plot, through the page's registry (docs/_ext/
 * playground_data.py): the paper, text, spines, contour shading, star, curve, data points and
 * reference lines of its light style (`theme.light`) and of the dark figures (`theme.dark`),
 * and the dark counterpart of every colour of a run (`dark`: descent.plot.style.dark_color).
 * Which theme applies is the page's (<html data-theme>, which follows prefers-color-scheme
 * unless the reader chose): playground.css sets --pg-dark to 1 in the dark one, and the
 * canvases are drawn again when it changes. Text on a plot is mixed towards the theme's ink
 * until it has 4.5:1 against the paper.
 *
 * A classic script (the site must work from file://), loaded after descent-core.js and before
 * the playgrounds' scripts: it defines one global, DescentPlot, which they read.
 */
((root) => {
  "use strict";
  const D = root.DescentCore;
  const spec = (name) => D.registry().optimizers[name];

  /** descent.plot.color: the optimizer's colour on every figure of the site. */
  const color = (name) => spec(name).color;
  /** The words the figures' legends use for an optimizer ("gradient descent", "Adam"). */
  const nameOf = (name) => spec(name)?.name || name;
  /** descent.plot's symbol of a hyperparameter, in plain text ("β₁"). */
  const symbol = (key) => D.registry().symbols[key] || key.replace(/_/g, " ");
  /** descent.plot.marker: "o", "s", "D", "^", "v", "P" or "X". */
  const markerOf = (name) => spec(name)?.marker || "o";
  /** descent.plot.style's colours of what is not an optimizer (SGD, a diverged run, ...). */
  const styleColor = (key) => D.registry().styles[key];

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

  /** A number for people: 4 significant digits; very large or small as "7.0 × 10¹⁵" (with
   * no-break spaces); a minus sign, not a hyphen. */
  function fmt(v) {
    if (Number.isNaN(v)) return "undefined";
    if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
    const a = Math.abs(v);
    let text;
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) {
      const [m, e] = v.toExponential(1).split("e");
      text = `${m}\u00a0×\u00a0${power(Number(e))}`; // one unbreakable number
    } else text = String(Number(v.toPrecision(4)));
    return text.replace(/^-/, "−");
  }

  /** Three significant digits where they fit (a rate per coordinate), else as fmt. */
  const three = (v) =>
    Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(3).replace(/^-/, "−") : fmt(v);

  /** A run's legend label as the figures write it: the optimizer's name, then α and every
   * hyperparameter that differs from descent's default or that `shown` lists (those on a
   * slider), in the class's order: "momentum, α = 0.03, β = 0.7", "Adam, α = 0.05, no bias
   * correction". `number` writes the values (fmt; String in code, as Python reads them). */
  function label(name, hyper, shown, number) {
    const s = spec(name);
    const parts = [];
    for (const key of s?.hyper || Object.keys(hyper)) {
      if (!(key in hyper)) continue;
      const v = hyper[key];
      const given = key === "lr" || (shown || []).includes(key);
      if (!given && s && key in s.defaults && s.defaults[key] === v) continue;
      if (typeof v === "boolean") parts.push(v ? symbol(key) : `no ${symbol(key)}`);
      else if (typeof v === "string")
        parts.push(`${symbol(key)} = ${v}`); // line_search_fn
      else parts.push(`${symbol(key)} = ${(number || fmt)(v)}`);
    }
    return [nameOf(name), ...parts].join(", ");
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

  // -- colours: descent.plot's, light or dark with the page ---------------------------------

  let palette = null;
  const inks = new Map();
  const texts = new Map();

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

  /** The plot's colours in the page's current theme: descent.plot's (the registry's
   * `theme`), with `dark` and `surface` (the playground's background, behind the legend). */
  function theme() {
    if (palette) return palette;
    const holder = document.querySelector(".playground") || document.documentElement;
    const style = root.getComputedStyle(holder);
    const dark = style.getPropertyValue("--pg-dark").trim() === "1";
    palette = Object.assign({}, D.registry().theme[dark ? "dark" : "light"], { dark: dark });
    palette.surface = normalise(style.backgroundColor, palette.bg);
    if (palette.surface === "rgba(0, 0, 0, 0)") palette.surface = palette.bg;
    inks.clear();
    texts.clear();
    return palette;
  }

  const mix = (a, b, f) =>
    `#${rgb(a)
      .map((v, i) => Math.round(v + f * (rgb(b)[i] - v)))
      .map((v) => v.toString(16).padStart(2, "0"))
      .join("")}`;

  /** A colour of a run as drawn in this theme: descent's; on a dark page, its counterpart in
   * the dark figures (the registry's `dark`). A colour the registry does not know and that has
   * less than 3:1 with the paper there is mixed towards the ink until it has. */
  function ink(color) {
    const t = theme();
    if (!inks.has(color)) {
      const given = normalise(color, t.ink);
      let out = given;
      if (t.dark) {
        const known = D.registry().dark?.[given.toUpperCase()];
        if (known) out = normalise(known, given);
        for (let f = 0.1; f <= 1.001 && !known && contrast(out, t.bg) < 3; f += 0.1) {
          out = mix(given, t.ink, f);
        }
      }
      inks.set(color, out);
    }
    return inks.get(color);
  }

  /** A run's colour for text on the plot (a label, a rate box): ink(color), mixed towards the
   * theme's ink until it has 4.5:1 against the paper. */
  function textInk(color) {
    const t = theme();
    if (!texts.has(color)) {
      const c = ink(color);
      let out = c;
      for (let f = 0.1; f <= 1.001 && contrast(out, t.bg) < 4.5; f += 0.1) out = mix(c, t.ink, f);
      texts.set(color, out);
    }
    return texts.get(color);
  }

  /** A legend swatch: a line in the run's colour and, as in the figures' legends, its
   * marker on it (a second channel for a reader who cannot tell two colours apart). descent's
   * colour is kept in --pg-color, the one drawn in --pg-swatch-ink. */
  function paintSwatch(swatch, color, marker) {
    swatch.style.setProperty("--pg-color", color);
    swatch.style.setProperty("--pg-swatch-ink", ink(color));
    if (marker) swatch.dataset.marker = marker;
    const shape = swatch.dataset.marker;
    if (shape) swatch.replaceChildren(markerSvg(shape, 4.5, ink(color)));
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

    /** Size the canvas to its column: `height(width)`, or `aspect` × width up to a height that
     * leaves room on the screen for the controls under it (so that a slider dragged there
     * and the path it moves are in view together), the width then narrowed, centred, so that
     * the surface keeps its proportions. */
    layout() {
      let width = Math.max(200, Math.round(this.canvas.parentElement.clientWidth));
      let height;
      if (this.opts.height) height = Math.round(this.opts.height(width));
      else {
        const aspect = this.opts.aspect || 0.75;
        const most = Math.min(560, Math.max(260, 0.6 * (root.innerHeight || 900)));
        height = Math.round(Math.max(width * aspect, 180));
        if (height > most) {
          height = Math.round(most);
          width = Math.max(200, Math.round(height / aspect));
        }
      }
      const dpr = root.devicePixelRatio || 1;
      if (this.width === width && this.height === height && this.dpr === dpr) return false;
      Object.assign(this, { width, height, dpr });
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.height = `${height}px`;
      this.canvas.style.width = `${width}px`;
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
      this.canvas.style.background = theme().bg;
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

    /** The size in pixels of label(lines)'s box. */
    labelSize(lines) {
      const ctx = this.ctx;
      ctx.font = "12px system-ui, sans-serif";
      return {
        w: Math.max(...lines.map((t) => ctx.measureText(t).width)) + 8,
        h: 15 * lines.length + 4,
      };
    }

    /** Text in a box of the paper's colour (as descent.plot's TEXT_BOX), `lines` one a row,
     * anchored at (x, y) in pixels by `align` ("left"/"right") and `valign` ("top"/"bottom");
     * moved up or down (away from `valign`'s side) until it overlaps none of `avoid`. */
    label(lines, x, y, color, align, valign, avoid) {
      const ctx = this.ctx;
      const { w, h } = this.labelSize(lines);
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
  /** The outline of one of descent.plot's markers (matplotlib's o s D ^ v P X) at unit
   * radius, as [u, v] corners; null for a circle. */
  function markerPoints(shape) {
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
    const shapes = {
      s: [
        [-0.85, -0.85],
        [0.85, -0.85],
        [0.85, 0.85],
        [-0.85, 0.85],
      ],
      D: [
        [0, -1.1],
        [0.8, 0],
        [0, 1.1],
        [-0.8, 0],
      ],
      "^": [
        [0, -1.15],
        [1, 0.75],
        [-1, 0.75],
      ],
      v: [
        [0, 1.15],
        [1, -0.75],
        [-1, -0.75],
      ],
      P: plus,
      X: plus.map(([u, v]) => [c * (u - v), c * (u + v)]),
    };
    return shapes[shape] || null;
  }

  /** The path of a marker of radius `r` at (x, y) on a canvas. */
  function markerPath(ctx, x, y, shape, r) {
    const pts = markerPoints(shape);
    if (!pts) {
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      return;
    }
    pts.forEach(([u, v], i) => {
      if (i) ctx.lineTo(x + u * r, y + v * r);
      else ctx.moveTo(x + u * r, y + v * r);
    });
    ctx.closePath();
  }

  /** The same marker as an SVG element (a legend's swatch), `r` px, filled with `fill`. */
  function markerSvg(shape, r, fill) {
    const NS = "http://www.w3.org/2000/svg";
    const size = 2 * r + 2;
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", String(size));
    svg.setAttribute("height", String(size));
    svg.setAttribute("viewBox", `${-size / 2} ${-size / 2} ${size} ${size}`);
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "pg-marker");
    const pts = markerPoints(shape);
    const node = document.createElementNS(NS, pts ? "polygon" : "circle");
    if (pts) node.setAttribute("points", pts.map(([u, v]) => `${u * r},${v * r}`).join(" "));
    else node.setAttribute("r", String(r));
    node.setAttribute("fill", fill);
    svg.append(node);
    return svg;
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

  /** A run's exit as the playgrounds' state() reports it (for tests and the console): the
   * step it left at, the point on the frame's edge (data) and its pixel, and the words. */
  function exitState(plot, exit, text) {
    const [px, py] = plot.px(...exit.exit);
    return { left_at: exit.leftAt, point: exit.exit, pixel: [px, py], text: text };
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
        ariaLabel:
          this.opts.ariaLabel || "the loss against the step; drag along it to move in time",
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

  root.DescentPlot = {
    Plot: Plot,
    LossPlot: LossPlot,
    color: color,
    drawContours: drawContours,
    drawStar: drawStar,
    drawTrail: drawTrail,
    el: el,
    exitOf: exitOf,
    exitState: exitState,
    fmt: fmt,
    ink: ink,
    label: label,
    markerOf: markerOf,
    mounted: mounted,
    nameOf: nameOf,
    nextId: nextId,
    paintSwatch: paintSwatch,
    reducedMotion: reducedMotion,
    styleColor: styleColor,
    symbol: symbol,
    textInk: textInk,
    theme: theme,
    three: three,
    ticks: ticks,
    watchTheme: watchTheme,
  };
})(typeof globalThis !== "undefined" ? globalThis : this);
