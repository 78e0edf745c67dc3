// The learning neuron (chapter 1): one sigmoid neuron, input x = 1, target y = 0,
// trained by gradient descent in the browser, drawn epoch by epoch.

const EPS = 2.220446049250313e-16 / 2;  // nnlib.costs.EPS: a is kept this far from 0 and 1

export function sigmoid(z) {
  return 1 / (1 + Math.exp(-z));
}

/** nnlib.train_neuron: per-epoch w, b, output a and cost C (index 0 = before training). */
export function trainNeuron(w, b, eta, epochs, cost = "quadratic", x = 1, y = 0) {
  if (cost !== "quadratic" && cost !== "cross-entropy") throw new Error(`unknown cost ${cost}`);
  const ws = [], bs = [], as = [], cs = [];
  for (let t = 0; t <= epochs; t++) {
    ws.push(w); bs.push(b);
    const a = sigmoid(w * x + b);
    const dz = cost === "quadratic" ? (a - y) * a * (1 - a) : a - y;  // eqs 55-56 / 61-62
    w -= eta * dz * x;
    b -= eta * dz;
  }
  for (let t = 0; t <= epochs; t++) {
    const a = sigmoid(ws[t] * x + bs[t]);
    as.push(a);
    if (cost === "quadratic") {
      cs.push(0.5 * (a - y) * (a - y));
    } else {
      const ac = Math.min(Math.max(a, EPS), 1 - EPS);
      cs.push(-(y * Math.log(ac) + (1 - y) * Math.log1p(-ac)));
    }
  }
  return { w: ws, b: bs, a: as, cost: cs };
}

const PLAY_MS_PER_EPOCH = 20;  // 300 epochs in 6 s

function render({ model, el }) {
  const root = widgetRoot(el, "neuron");
  let run = null, settings = null, epoch = 0, playing = false, rafId = null;
  let t0 = 0, e0 = 0;

  const read = () => ({ cost: model.get("cost"), w: model.get("w"), b: model.get("b"),
                        eta: model.get("eta"), epochs: model.get("epochs") });
  const fmt = (v) => String(Number(v.toFixed(3)));

  // --- controls -----------------------------------------------------------------
  const row1 = h("div", { class: "nw-row" }, root);
  const costLabel = h("label", {}, row1, "cost ");
  const costSelect = h("select", { "aria-label": "cost function" }, costLabel);
  for (const c of ["quadratic", "cross-entropy"]) h("option", { value: c }, costSelect, c);
  const runBtn = button(row1, "▶ Run", () => start(true), { class: "nw-primary nw-run",
                        title: "train from the start and animate the epochs" });
  const pauseBtn = button(row1, "❚❚ Pause", () => (playing ? stop(true) : start(false)),
                          { class: "nw-pause" });
  const epochCtl = slider(row1, { name: "epoch", min: 0, max: 300, step: 1, value: 0,
    format: (v) => String(v), onInput: (v) => { stop(false); show(v); saveEpoch(); } });

  const row2 = h("div", { class: "nw-row" }, root);
  const wCtl = slider(row2, { name: "start w", title: "starting weight w", min: -4, max: 4,
    step: 0.05, value: model.get("w"), format: fmt, onInput: (v) => setSetting({ w: v }) });
  const bCtl = slider(row2, { name: "start b", title: "starting bias b", min: -4, max: 4,
    step: 0.05, value: model.get("b"), format: fmt, onInput: (v) => setSetting({ b: v }) });
  const row3 = h("div", { class: "nw-row" }, root);
  const etaCtl = slider(row3, { name: "η", title: "learning rate η", values: model.get("eta_values"),
    value: model.get("eta"), format: (v) => String(v), onInput: (v) => setSetting({ eta: v }) });
  const epochsCtl = slider(row3, { name: "epochs", title: "number of epochs", min: 50, max: 1000,
    step: 50, value: model.get("epochs"), format: (v) => String(v),
    onInput: (v) => setSetting({ epochs: v }) });
  const row4 = h("div", { class: "nw-row" }, root);
  h("span", {}, row4, "the source's runs:");
  for (const p of model.get("presets")) {
    button(row4, p.label, () => {
      model.set({ cost: p.cost, w: p.w, b: p.b, eta: p.eta, epochs: p.epochs });
      model.save_changes();
      start(true);
    }, { class: "nw-preset" });
  }

  // --- drawing ------------------------------------------------------------------
  const W = 705, H = 205, PW = 180, PH = 135, TOP = 24;
  const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img" }, figureBox(root, "the neuron's training plots (scrolls sideways on narrow screens)"));
  const readout = h("div", { class: "nw-readout", "aria-live": "off" }, root);
  let panels = null;

  function layout() {
    svg.replaceChildren();
    const n = run.a.length - 1;
    const cmax = Math.max(...run.cost) * 1.08 || 1e-3;
    const lo = Math.min(...run.w, ...run.b), hi = Math.max(...run.w, ...run.b);
    const pad = 0.08 * Math.max(hi - lo, 0.1);
    const color = settings.cost === "quadratic" ? PALETTE[0] : PALETTE[1];
    const specs = [
      { key: "a", title: "output a", ydom: [0, 1], series: [["a", color]] },
      { key: "cost", title: `cost C (${settings.cost})`, ydom: [0, cmax], series: [["cost", color]] },
      { key: "wb", title: "weight w and bias b", ydom: [lo - pad, hi + pad],
        series: [["b", PALETTE[2]], ["w", PALETTE[3]]] },  // w dashed on top: visible when w = b
    ];
    panels = specs.map((sp, i) => {
      const f = frame(svg, { x: 45 + i * 235, y: TOP, w: PW, h: PH, xdom: [0, n], ydom: sp.ydom,
                             xlabel: "epoch", title: sp.title, id: sp.key });
      const lines = sp.series.map(([k, c]) => ({
        k, path: s("path", { fill: "none", stroke: c, "stroke-width": 2,
                             "stroke-dasharray": k === "w" ? "5 3" : "none" }, f.clip),
        dot: s("circle", { r: 3.5, fill: c }, f.clip) }));
      if (sp.key === "wb") {
        s("text", { x: 45 + i * 235 + PW - 6, y: TOP + 14, "text-anchor": "end", fill: PALETTE[3] },
          f.g, "w – –");
        s("text", { x: 45 + i * 235 + PW - 6, y: TOP + 27, "text-anchor": "end", fill: PALETTE[2] },
          f.g, "b ——");
      }
      return { f, lines };
    });
  }

  function show(t) {
    const n = run.a.length - 1;
    epoch = Math.max(0, Math.min(n, Math.round(t)));
    const xs = range(0, epoch);
    for (const { f, lines } of panels) {
      for (const { k, path, dot } of lines) {
        const v = run[k];
        path.setAttribute("d", pathD(xs, v.slice(0, epoch + 1), f.sx, f.sy));
        dot.setAttribute("cx", f.sx(epoch).toFixed(2));
        dot.setAttribute("cy", f.sy(v[epoch]).toFixed(2));
      }
    }
    epochCtl.set(epoch);
    readout.textContent = `epoch ${epoch} of ${n}:  w = ${run.w[epoch].toFixed(3)},  ` +
      `b = ${run.b[epoch].toFixed(3)},  output a = ${run.a[epoch].toFixed(3)},  ` +
      `cost C = ${run.cost[epoch].toFixed(4)}   (${settings.cost}, η = ${settings.eta})`;
    svg.setAttribute("aria-label", `The neuron after epoch ${epoch}: output ${run.a[epoch].toFixed(3)}`);
    setData(root, { epoch, epochs: n, output: run.a[epoch], "cost-value": run.cost[epoch],
                    w: run.w[epoch], b: run.b[epoch], cost: settings.cost, eta: settings.eta,
                    "start-w": settings.w, "start-b": settings.b, playing: String(playing) });
  }

  // --- state --------------------------------------------------------------------
  function same(a, b) {
    return a && b && a.cost === b.cost && a.w === b.w && a.b === b.b && a.eta === b.eta &&
      a.epochs === b.epochs;
  }

  function sync() {  // model -> run; a value equal to the current one changes nothing
    const next = read();
    if (same(next, settings)) return;
    const first = settings === null;
    settings = next;
    stop(false);
    run = trainNeuron(settings.w, settings.b, settings.eta, settings.epochs, settings.cost);
    costSelect.value = settings.cost;
    wCtl.set(settings.w); bCtl.set(settings.b); etaCtl.set(settings.eta);
    epochsCtl.set(settings.epochs);
    epochCtl.input.max = String(settings.epochs);
    layout();
    show(settings.epochs);    // new settings: the whole new run at once; ▶ Run animates it
    if (!first) saveEpoch();
  }

  function setSetting(change) {
    model.set(change);
    model.save_changes();
  }

  function saveEpoch() {
    model.set("epoch", epoch);
    model.save_changes();
  }

  function tick(now) {
    const n = run.a.length - 1;
    show(Math.min(n, e0 + Math.floor((now - t0) / PLAY_MS_PER_EPOCH)));
    if (epoch >= n) { stop(true); return; }
    rafId = requestAnimationFrame(tick);
  }

  function start(fromStart) {
    stop(false);
    if (fromStart || epoch >= run.a.length - 1) show(0);
    playing = true;
    pauseBtn.textContent = "❚❚ Pause";
    root.setAttribute("data-playing", "true");
    t0 = performance.now(); e0 = epoch;
    rafId = requestAnimationFrame(tick);
  }

  function stop(save) {
    if (rafId !== null) cancelAnimationFrame(rafId);
    rafId = null;
    playing = false;
    pauseBtn.textContent = "▶ Play";
    root.setAttribute("data-playing", "false");
    if (save) saveEpoch();
  }

  costSelect.addEventListener("change", () => setSetting({ cost: costSelect.value }));
  const onModel = () => sync();
  const onEpoch = () => { if (!playing && model.get("epoch") !== epoch) show(model.get("epoch")); };
  for (const k of ["cost", "w", "b", "eta", "epochs"]) model.on(`change:${k}`, onModel);
  model.on("change:epoch", onEpoch);
  sync();
  show(model.get("epoch"));
  stop(false);
  return () => {
    stop(false);
    for (const k of ["cost", "w", "b", "eta", "epochs"]) model.off(`change:${k}`, onModel);
    model.off("change:epoch", onEpoch);
  };
}

export default { render };
