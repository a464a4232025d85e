/* kind-open.js: the playground kind "open" — any 2D surface of descent.surfaces.ALL, any
 * optimizers of descent.optimizers.ALL, any hyperparameters. Its form is built from the
 * page's registry, field by field, with no code per optimizer: a number is a text field
 * (checked as descent checks it, the registry's `ranges`), True/False a checkbox; a new
 * optimizer or a new field of descent's appears here as soon as the registry has it. The
 * suggested rates of each surface come from a sweep at build time (playground_data.open_lr),
 * so that none diverges from the surface's start. The state is kept in the page's address
 * (shareable), and "Copy as code" writes the descent script, and the torch.optim lines, that
 * reproduce the run.
 *
 * A classic script, after kind-2d.js (Open extends its Surface2D).
 */
((root) => {
  "use strict";
  const D = root.DescentCore;
  const P = root.DescentPlayground;
  const { color, el, label, markerOf, nameOf, nextId, paintSwatch, symbol } = root.DescentPlot;
  const { button, scrubber, transport } = root.DescentControls;
  const { LossPlot } = root.DescentPlot;
  const Surface2D = P.kind("2d");

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

  /** The torch.optim call that makes the same updates, from the registry's `torch` (the table
   * the torch reference tests replay): {line} or {missing: the fields torch has no keyword for,
   * set away from descent's default}. */
  function torchCall(name, hyper) {
    const spec = D.registry().optimizers[name];
    const t = spec.torch;
    if (!t) return { missing: [] };
    const args = [];
    const pairs = {};
    const missing = [];
    for (const key of spec.hyper) {
      if (!(key in hyper)) continue;
      const target = t.kwargs[key];
      if (target === undefined) {
        if (!(key in spec.defaults) || spec.defaults[key] !== hyper[key]) missing.push(key);
        continue;
      }
      const pair = /^(\w+)\[(\d)\]$/.exec(target);
      if (pair) {
        if (!pairs[pair[1]]) {
          pairs[pair[1]] = [];
          args.push([pair[1], pairs[pair[1]]]);
        }
        pairs[pair[1]][Number(pair[2])] = pyValue(hyper[key]);
      } else args.push([target, pyValue(hyper[key])]);
    }
    if (missing.length) return { missing: missing };
    for (const [k, v] of Object.entries(t.fixed)) args.push([k, pyValue(v)]);
    const text = args.map(([k, v]) => `${k}=${Array.isArray(v) ? `(${v.join(", ")})` : v}`);
    return { line: `torch.optim.${t.cls}([x], ${text.join(", ")})` };
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
        this.select.value = name;
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
     * to the torch optimizer, so the two paths are the same numbers). Each run is named as
     * its legend names it. */
    code() {
      const steps = this.t;
      const start = `[${this.start.join(", ")}]`;
      const named = this.optimizers.map((o) => ({
        o: o,
        name: label(o.name, o.hyper, [], pyValue),
      }));
      const lines = [
        "import numpy as np",
        "",
        "import descent",
        "from descent.surfaces import ALL",
        "",
        `surface = ALL[${JSON.stringify(this.surface.name)}]`,
        `start = np.array(${start})`,
        "optimizers = {",
        ...named.map(
          ({ o, name }) =>
            `    ${JSON.stringify(name)}: descent.${o.name}(${pyArgs(o.hyper, ", ")}),`,
        ),
        "}",
        `runs = {name: descent.run(opt, surface, start, steps=${steps}) for name, opt in optimizers.items()}`,
        "for name, traj in runs.items():",
        '    print(f"{name}: ends at {traj.final}, loss {traj.loss[-1]:.4g}")',
        "",
        "# the same runs with torch.optim: descent's gradient, torch's update",
        "import torch",
        "",
      ];
      for (const { o, name } of named) {
        const call = torchCall(o.name, o.hyper);
        if (!call.line) {
          const why = call.missing.length
            ? `no equivalent of ${call.missing.map((k) => `${k}=${pyValue(o.hyper[k])}`).join(", ")}`
            : "no equivalent";
          lines.push(`# ${name}: torch.optim has ${why}`, "");
          continue;
        }
        lines.push(
          `# ${name}`,
          "x = torch.tensor(start, dtype=torch.float64, requires_grad=True)",
          `opt = ${call.line}`,
          "def closure():  # L-BFGS calls it (its line search more than once), the others once",
          "    opt.zero_grad()",
          "    x.grad = torch.from_numpy(surface.grad(x.detach().numpy()))",
          "    return torch.tensor(surface(x.detach().numpy()))",
          `for _ in range(${steps}):`,
          "    opt.step(closure)",
          `print(${JSON.stringify(`${name}, in torch:`)}, x.detach().numpy())`,
          "",
        );
      }
      return lines.join("\n");
    }

    /** One hyperparameter's field, as the registry types it: a checkbox for True/False, a
     * text field for a number (not type=number: that one empties itself on "1e" and hides
     * what was typed; this one keeps it and says what descent would say of it). */
    field(key, type, value) {
      const pid = nextId("param");
      let input;
      if (type === "bool") {
        input = el("input", { type: "checkbox", id: pid });
        input.checked = !!value;
        input.addEventListener("change", () => this.syncOptimizers());
      } else {
        input = el("input", {
          type: "text",
          id: pid,
          value: value === undefined ? "" : String(value),
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
      // a short name (lr, beta1, eps) is the symbol's own, which the chapters use alone; a
      // long one (dampening, weight_decay, an option) is said in words beside its symbol
      const words = key.replace(/_/g, " ");
      const named = symbol(key) === words || key.length <= 5;
      const text = el("label", { for: pid }, named ? [symbol(key)] : [`${words} ${symbol(key)}`]);
      if (named && symbol(key) !== words) text.title = words;
      const kind = type === "bool" ? "pg-param pg-flag" : "pg-param";
      return el("span", { class: kind }, type === "bool" ? [input, text] : [text, input]);
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
      this.select = select;
      form.append(
        el("div", { class: "pg-field" }, [el("label", { for: sid, text: "surface" }), select]),
      );
      const ticked = new Set(this.optimizers.map((o) => o.name));
      this.choices = {};
      const boxes = el("fieldset", { class: "pg-optimizers" }, [
        el("legend", { text: "optimizers" }),
      ]);
      for (const [name, spec] of Object.entries(D.registry().optimizers)) {
        if (spec.vector === false) continue; // a matrix rule (Muon): no point of a surface
        const id = nextId("opt");
        const cb = el("input", { type: "checkbox", id: id });
        cb.checked = ticked.has(name);
        cb.addEventListener("change", () => this.syncOptimizers());
        const params = el("div", { class: "pg-params", role: "group", "aria-label": nameOf(name) });
        const given = this.optimizers.find((o) => o.name === name);
        const initial = Object.assign(
          {},
          spec.defaults,
          this.suggested(name),
          given ? given.hyper : {},
        );
        for (const key of spec.hyper) {
          const type = spec.types?.[key] || (typeof initial[key] === "boolean" ? "bool" : "number");
          if (type === "fixed") continue; // a name or a tuple (a line search, coefficients)
          params.append(this.field(key, type, initial[key]));
        }
        const swatch = el("span", { class: "pg-swatch" });
        paintSwatch(swatch, color(name), markerOf(name));
        const words = nameOf(name);
        const text = el("label", { for: id }, [swatch, words]);
        if (words !== name) text.append(el("code", { class: "pg-class", text: name }));
        boxes.append(el("div", { class: "pg-choice" }, [cb, text, params]));
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
        el("div", { class: "pg-field pg-actions" }, [
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
          "Click or drag on the plot to start every ticked optimizer there (or focus it: the arrow keys move the start, Home puts it back; Enter steps).",
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

    /** The paths it draws, for the plot's label: they change with the ticks. */
    names() {
      return "the ticked optimizers";
    }

    /** Where Home puts the start back: this surface's. */
    homeStart() {
      return this.defaultStart();
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
          if (why && c.checkbox.checked) problems.push(`${nameOf(name)}: ${why}`);
        }
        if (ok) {
          try {
            D.optimizer(name, hyper);
            this.valid[name] = hyper;
          } catch (err) {
            if (c.checkbox.checked) problems.push(`${nameOf(name)}: ${err.message}`);
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

  P.register("open", Open);
})(typeof globalThis !== "undefined" ? globalThis : this);
