/* descent-playground.js: the playground base, and the wiring of the page's playgrounds.
 *
 * The {playground} directive (docs/_ext/playground.py) writes
 *   <div class="playground" data-kind="2d" data-config='{"surface": ..., ...}'>…</div>
 * and the page loads, in this order, descent-core.js (the math, DescentCore, checked against
 * the Python library by tests_js/), descent-plot.js (the drawing, DescentPlot),
 * descent-controls.js (sliders, the scrubber, Step / Play / Reset: DescentControls), this file,
 * then one file per kind the page shows (kind-1d.js, kind-2d.js, kind-triptych.js,
 * kind-open.js, kind-ema.js, kind-sgd.js; open and sgd build on kind-2d.js). Each kind file
 * registers its class here (DescentPlayground.register); every playground div of that kind
 * is then turned into a plot on a <canvas> with its controls. Classic scripts, not modules:
 * the site must work from file://.
 *
 * Instant: every path is computed to LONG_RUN steps whenever a slider or the start moves (a
 * few milliseconds; `nox -s bench` measures the redraw) and drawn at once up to the time
 * scrubber's step; the loss plot under it (log scale) has a cursor at the same step, and a
 * drag on it scrubs too. Play replays. A path that leaves the frame is cut where it crosses
 * the edge, with an arrow and the step at which it left ("diverged at step N" once descent's
 * run has diverged; "escapes" on a surface with no minimum, a saddle), never drawn to a point
 * far outside.
 *
 * Each playground div gets `.playground` = {state(), ...} for tests and the console.
 *
 * What descent says about its optimizers (hyperparameters, defaults, names, colours, symbols)
 * is not copied here: the page carries it as <script type="application/json"
 * id="descent-registry">, written by the directive from the library, and this script hands it
 * to DescentCore.
 */
((root) => {
  "use strict";
  const D = root.DescentCore;
  const { el, mounted, watchTheme } = root.DescentPlot;

  const REGISTRY_ID = "descent-registry";
  const LONG_RUN = 1000; // every run is computed this far (playground_data.LONG_RUN)

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

    /** Draw now, and again (once a frame at most) whenever its width changes. */
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

    /** After a slider or a field changed the run: compute it again, draw it, say it. */
    changed() {
      this.recompute();
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
     * arrow keys when focused (Shift: larger moves; Home: the start it had); Enter steps. */
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
      const first = this.start.slice();
      const home = () => (this.homeStart ? this.homeStart() : first);
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
        if (moves[event.key] && (dims > 1 || !moves[event.key][1])) {
          event.preventDefault();
          const s = this.start.slice();
          s[0] += moves[event.key][0];
          if (dims > 1) s[1] += moves[event.key][1];
          this.stop();
          this.setStart(s);
        } else if (event.key === "Home") {
          event.preventDefault();
          this.stop();
          this.setStart(home());
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

  // -- wiring: kinds register here; every playground of a registered kind is mounted ---------

  const KINDS = {};
  let started = false;

  function mount(node) {
    if (node.playground) return node.playground;
    const config = JSON.parse(node.dataset.config || "{}");
    config.kind = node.dataset.kind;
    const Kind = KINDS[config.kind];
    if (!Kind) throw new Error(`unknown playground kind ${config.kind}`);
    return new Kind(node, config);
  }

  function mountKind(kind) {
    for (const node of document.querySelectorAll(`.playground[data-kind="${kind}"]`)) {
      try {
        mount(node);
      } catch (err) {
        node.classList.add("pg-failed");
        console.error("playground:", err);
      }
    }
  }

  /** A kind's class, by the name the directive writes (`data-kind`); its playgrounds are
   * mounted at once if the page is ready, else with the others. */
  function register(kind, Kind) {
    KINDS[kind] = Kind;
    if (started) mountKind(kind);
    return Kind;
  }

  /** A registered kind's class (open and sgd extend 2d's). */
  function kind(name) {
    if (!KINDS[name]) throw new Error(`playground kind ${name} is not loaded`);
    return KINDS[name];
  }

  /** Hand descent's registry, the page's JSON, to DescentCore (once per page). */
  function loadRegistry() {
    const data = document.getElementById(REGISTRY_ID);
    if (!data) throw new Error(`the page has no #${REGISTRY_ID}: descent's optimizers are unknown`);
    D.useRegistry(JSON.parse(data.textContent));
  }

  function mountAll() {
    if (started) return;
    started = true;
    try {
      loadRegistry();
    } catch (err) {
      console.error("playground:", err);
    }
    watchTheme();
    for (const name of Object.keys(KINDS)) mountKind(name);
    for (const node of document.querySelectorAll(".playground[data-kind]")) {
      if (!KINDS[node.dataset.kind]) {
        node.classList.add("pg-failed");
        console.error(`playground: no script for kind ${node.dataset.kind} on this page`);
      }
    }
  }

  root.DescentPlayground = {
    LONG_RUN: LONG_RUN,
    Playground: Playground,
    KINDS: KINDS,
    kind: kind,
    mount: mount,
    mountAll: mountAll,
    register: register,
  };
  // the kinds' scripts come after this one (all deferred): mount once they have all run
  if (typeof document !== "undefined") {
    if (document.readyState === "complete") mountAll();
    else {
      document.addEventListener("DOMContentLoaded", mountAll);
      root.addEventListener("load", mountAll);
    }
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
