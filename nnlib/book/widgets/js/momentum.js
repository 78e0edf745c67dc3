// Momentum on a valley (chapter 8): gradient descent with and without momentum on the
// cost C(w) = ½ (w − w*)ᵀ H (w − w*) of two parameters. The reader sets η, μ and the
// number of steps; both paths are computed here, in the browser:
// v → μv − η∇C, w → w + v (eqs 107–108), v = 0 at first; μ = 0 is plain descent.

/** ∇C(w) = H (w − w*). */
export function valleyGradient(H, wMin, w) {
  const d0 = w[0] - wMin[0], d1 = w[1] - wMin[1];
  return [H[0][0] * d0 + H[0][1] * d1, H[1][0] * d0 + H[1][1] * d1];
}

/** C(w) = ½ (w − w*)ᵀ H (w − w*). */
export function valleyCost(H, wMin, w) {
  const d0 = w[0] - wMin[0], d1 = w[1] - wMin[1];
  const g = valleyGradient(H, wMin, w);
  return 0.5 * (d0 * g[0] + d1 * g[1]);
}

/** steps + 1 points of momentum-based gradient descent from `start`. */
export function descentPath(H, wMin, start, eta, mu, steps) {
  let w = [start[0], start[1]], v = [0, 0];
  const path = [[w[0], w[1]]];
  for (let k = 0; k < steps; k++) {
    const g = valleyGradient(H, wMin, w);
    v = [mu * v[0] - eta * g[0], mu * v[1] - eta * g[1]];
    w = [w[0] + v[0], w[1] + v[1]];
    path.push([w[0], w[1]]);
  }
  return path;
}

/** Steps until the cost first falls below tol (null: not within maxSteps). */
export function stepsTo(H, wMin, start, eta, mu, tol, maxSteps) {
  const path = descentPath(H, wMin, start, eta, mu, maxSteps);
  for (let k = 0; k < path.length; k++) {
    if (valleyCost(H, wMin, path[k]) < tol) return k;
  }
  return null;
}

/** Eigenvalues (ascending) and unit eigenvectors of a symmetric 2×2 matrix. */
export function eigen2(H) {
  const a = H[0][0], b = H[0][1], d = H[1][1];
  const m = (a + d) / 2, r = Math.hypot((a - d) / 2, b);
  const lams = [m - r, m + r];
  const vecs = lams.map((lam) => {
    const x = Math.abs(b) > 1e-15 ? [b, lam - a] : (Math.abs(lam - a) < Math.abs(lam - d) ? [1, 0] : [0, 1]);
    const n = Math.hypot(x[0], x[1]);
    return [x[0] / n, x[1] / n];
  });
  return { values: lams, vectors: vecs };
}

/** What the drawing shows, for one setting. */
export function momentumState(H, wMin, start, eta, mu, steps, tol) {
  const plain = descentPath(H, wMin, start, eta, 0, steps);
  const moving = descentPath(H, wMin, start, eta, mu, steps);
  const last = (p) => valleyCost(H, wMin, p[p.length - 1]);
  return { plain, momentum: moving, costPlain: last(plain), costMomentum: last(moving),
           stepsPlain: stepsTo(H, wMin, start, eta, 0, tol, 1000),
           stepsMomentum: stepsTo(H, wMin, start, eta, mu, tol, 1000) };
}

const MV_STYLE = `
.nnlib-widget.nnlib-momentum {
  --mv-fg: var(--pst-color-text-base, var(--jp-ui-font-color1, #222));
  --mv-muted: var(--pst-color-text-muted, var(--jp-ui-font-color2, #555));
  --mv-bg: var(--pst-color-background, var(--jp-layout-color0, #fff));
  --mv-grid: var(--pst-color-border, var(--jp-border-color2, #ddd));
  --mv-contour: #9aa7b4; --mv-plain: #c62828; --mv-mom: #1f5f99; --mv-min: #2e7d32;
  color: var(--mv-fg); background: var(--mv-bg); border-color: var(--mv-grid); }
html[data-theme=dark] .nnlib-widget.nnlib-momentum,
body.jp-mod-dark .nnlib-widget.nnlib-momentum,
[data-jp-theme-light=false] .nnlib-widget.nnlib-momentum {
  --mv-contour: #56616c; --mv-plain: #ff8a80; --mv-mom: #7cb8f2; --mv-min: #81c784; }
.nnlib-momentum svg text { fill: var(--mv-fg); font-size: 12px; }
.nnlib-momentum svg text.mv-small { font-size: 11px; fill: var(--mv-muted); }
.nnlib-momentum .mv-box { stroke: var(--mv-muted); fill: none; }
.nnlib-momentum .mv-grid { stroke: var(--mv-grid); }
.nnlib-momentum .mv-contour { stroke: var(--mv-contour); fill: none; }
.nnlib-momentum .mv-plain { stroke: var(--mv-plain); fill: none; stroke-width: 1.6; }
.nnlib-momentum .mv-mom { stroke: var(--mv-mom); fill: none; stroke-width: 2; }
.nnlib-momentum .mv-plain-dot { fill: var(--mv-plain); }
.nnlib-momentum .mv-mom-dot { fill: var(--mv-mom); }
.nnlib-momentum .mv-min { fill: var(--mv-min); }
.nnlib-momentum .mv-dash { stroke-dasharray: 5 3; }
.nnlib-momentum label.nw-slider span.nw-name { min-width: 3.5em; }
.nnlib-momentum input[type=range] { width: 130px; }
.nnlib-momentum .nw-readout { font-size: 13px; }
.nnlib-momentum .mv-plots { display: flex; flex-wrap: wrap; gap: 6px 12px; }
`;

const BIG = 1e6;   // coordinates beyond this are drawn at the edge (the frame clips them)

function clampPt(v) {
  if (!Number.isFinite(v)) return v > 0 ? BIG : -BIG;
  return Math.max(-BIG, Math.min(BIG, v));
}

function fmtCost(c) {
  if (!Number.isFinite(c) || c > 1e6) return "more than a million";
  if (c === 0) return "0";
  return c >= 0.01 ? c.toFixed(3) : c.toExponential(1);
}

function fmtSteps(k) {
  return k === null ? "not within 1,000 steps" : `after ${k} steps`;
}

function render({ model, el }) {
  const root = widgetRoot(el, "momentum");
  h("style", {}, root, MV_STYLE);
  const set = (change) => { model.set(change); model.save_changes(); };
  const row = h("div", { class: "nw-row" }, root);
  const etaCtl = slider(row, { name: "η", title: "learning rate η",
    values: model.get("eta_values"), value: model.get("eta"),
    format: (v) => String(v), onInput: (v) => set({ eta: v }) });
  const muCtl = slider(row, { name: "μ", title: "momentum coefficient μ",
    values: model.get("mu_values"), value: model.get("mu"),
    format: (v) => v.toFixed(2), onInput: (v) => set({ mu: v }) });
  const stepsCtl = slider(row, { name: "steps", title: "number of steps",
    values: model.get("steps_values"), value: model.get("steps"),
    format: (v) => String(v), onInput: (v) => set({ steps: v }) });
  const plots = h("div", { class: "mv-plots" }, root);
  const map = s("svg", { role: "img" }, plots);
  const curve = s("svg", { role: "img" }, plots);
  const readout = h("div", { class: "nw-readout", "aria-live": "polite" }, root);

  function drawMap(st, size, H, wMin, start) {
    const W = size, Ht = size, L = 34, R = 8, T = 22, B = 34;
    const PW = W - L - R, PH = Ht - T - B;
    map.setAttribute("width", W); map.setAttribute("height", Ht);
    map.setAttribute("viewBox", `0 0 ${W} ${Ht}`);
    while (map.firstChild) map.removeChild(map.firstChild);
    const xdom = model.get("xlim"), ydom = model.get("ylim");
    const sx = scale(xdom[0], xdom[1], L, L + PW), sy = scale(ydom[0], ydom[1], T + PH, T);
    for (const v of ticks(xdom[0], xdom[1], 4)) {
      s("line", { x1: sx(v), x2: sx(v), y1: T, y2: T + PH, class: "mv-grid" }, map);
      s("text", { x: sx(v), y: T + PH + 14, "text-anchor": "middle" }, map, fmtTick(v));
    }
    for (const v of ticks(ydom[0], ydom[1], 4)) {
      s("line", { x1: L, x2: L + PW, y1: sy(v), y2: sy(v), class: "mv-grid" }, map);
      s("text", { x: L - 4, y: sy(v) + 4, "text-anchor": "end" }, map, fmtTick(v));
    }
    s("text", { x: L + PW / 2, y: Ht - 4, "text-anchor": "middle" }, map, "w₁");
    s("text", { x: 10, y: T + PH / 2, "text-anchor": "middle" }, map, "w₂");
    s("text", { x: L + PW / 2, y: T - 7, "text-anchor": "middle" }, map,
      "the valley: paths from the same start");
    const clipId = `mvclip${Math.random().toString(36).slice(2)}`;
    const cp = s("clipPath", { id: clipId }, map);
    s("rect", { x: L, y: T, width: PW, height: PH }, cp);
    const g = s("g", { "clip-path": `url(#${clipId})` }, map);
    const eig = eigen2(H);
    for (const c of [0.05, 0.5, 2, 5, 10, 20, 35, 55]) {
      let d = "";
      for (let i = 0; i <= 96; i++) {
        const t = (2 * Math.PI * i) / 96;
        const a0 = Math.sqrt(2 * c / eig.values[0]) * Math.cos(t);
        const a1 = Math.sqrt(2 * c / eig.values[1]) * Math.sin(t);
        const x = wMin[0] + a0 * eig.vectors[0][0] + a1 * eig.vectors[1][0];
        const y = wMin[1] + a0 * eig.vectors[0][1] + a1 * eig.vectors[1][1];
        d += (i ? "L" : "M") + sx(x).toFixed(2) + "," + sy(y).toFixed(2);
      }
      s("path", { d, class: "mv-contour" }, g);
    }
    const line = (path, cls, dotCls) => {
      const xs = path.map((p) => clampPt(p[0])), ys = path.map((p) => clampPt(p[1]));
      s("path", { d: pathD(xs, ys, sx, sy), class: cls }, g);
      path.forEach((p, i) => {
        if (i && Math.abs(p[0]) < 100 && Math.abs(p[1]) < 100) {
          s("circle", { cx: sx(p[0]), cy: sy(p[1]), r: 2, class: dotCls }, g);
        }
      });
    };
    line(st.plain, "mv-plain mv-dash", "mv-plain-dot");
    line(st.momentum, "mv-mom", "mv-mom-dot");
    s("circle", { cx: sx(wMin[0]), cy: sy(wMin[1]), r: 4.5, class: "mv-min" }, g);
    s("circle", { cx: sx(start[0]), cy: sy(start[1]), r: 4, class: "mv-box" }, g);
    s("rect", { x: L, y: T, width: PW, height: PH, class: "mv-box" }, map);
  }

  function drawCurve(st, W, H, wMin) {
    const Ht = 200, L = 40, R = 10, T = 22, B = 34;
    const PW = W - L - R, PH = Ht - T - B;
    curve.setAttribute("width", W); curve.setAttribute("height", Ht);
    curve.setAttribute("viewBox", `0 0 ${W} ${Ht}`);
    while (curve.firstChild) curve.removeChild(curve.firstChild);
    const n = st.plain.length - 1;
    const sx = scale(0, Math.max(1, n), L, L + PW), sy = scale(-8, 4, T + PH, T);
    for (const v of ticks(0, Math.max(1, n), 4)) {
      s("line", { x1: sx(v), x2: sx(v), y1: T, y2: T + PH, class: "mv-grid" }, curve);
      s("text", { x: sx(v), y: T + PH + 14, "text-anchor": "middle" }, curve, fmtTick(v));
    }
    for (const v of [-8, -6, -4, -2, 0, 2, 4]) {
      s("line", { x1: L, x2: L + PW, y1: sy(v), y2: sy(v), class: "mv-grid" }, curve);
      s("text", { x: L - 4, y: sy(v) + 4, "text-anchor": "end" }, curve, v === 0 ? "1" : `1e${v}`);
    }
    s("text", { x: L + PW / 2, y: Ht - 4, "text-anchor": "middle" }, curve, "step");
    s("text", { x: L + PW / 2, y: T - 7, "text-anchor": "middle" }, curve,
      "cost C after each step (log scale)");
    const logc = (p) => {
      const c = valleyCost(H, wMin, p);
      if (!Number.isFinite(c)) return 4.5;
      return Math.max(-8.5, Math.min(4.5, Math.log10(Math.max(c, 1e-300))));
    };
    const xs = range(0, n);
    s("path", { d: pathD(xs, st.plain.map(logc), sx, sy), class: "mv-plain mv-dash" }, curve);
    s("path", { d: pathD(xs, st.momentum.map(logc), sx, sy), class: "mv-mom" }, curve);
    const ky = T + 12;
    s("line", { x1: L + 8, x2: L + 30, y1: ky, y2: ky, class: "mv-mom" }, curve);
    s("text", { x: L + 34, y: ky + 4, class: "mv-small" }, curve, "with momentum μ");
    s("line", { x1: L + 8, x2: L + 30, y1: ky + 15, y2: ky + 15, class: "mv-plain mv-dash" }, curve);
    s("text", { x: L + 34, y: ky + 19, class: "mv-small" }, curve, "plain (μ = 0)");
    s("rect", { x: L, y: T, width: PW, height: PH, class: "mv-box" }, curve);
  }

  let H = model.get("hessian");
  function draw() {
    H = model.get("hessian");
    const wMin = model.get("w_min"), start = model.get("start");
    const eta = model.get("eta"), mu = model.get("mu"), steps = model.get("steps");
    const tol = model.get("tol");
    const st = momentumState(H, wMin, start, eta, mu, steps, tol);
    const avail = root.clientWidth ? root.clientWidth - 22 : 700;
    // side by side when two plots of at least 280 px fit, one above the other otherwise
    const pair = avail >= 2 * 280 + 12;
    const size = pair ? Math.min(330, Math.floor((avail - 12) / 2)) : Math.max(280, Math.min(330, avail));
    const cw = pair ? Math.min(360, avail - size - 12) : size;
    drawMap(st, size, H, wMin, start);
    drawCurve(st, cw, H, wMin);
    const text = `η = ${eta}, μ = ${mu.toFixed(2)}: after ${steps} steps the cost is ` +
      `${fmtCost(st.costMomentum)} with momentum and ${fmtCost(st.costPlain)} without ` +
      `(it starts at ${fmtCost(valleyCost(H, wMin, start))}). It first falls below ${tol} ` +
      `${fmtSteps(st.stepsMomentum)} with momentum, ${fmtSteps(st.stepsPlain)} without.`;
    readout.textContent = text;
    map.setAttribute("aria-label", "Contour map of the valley with the two paths. " + text);
    curve.setAttribute("aria-label", "Cost after each step, both runs. " + text);
    etaCtl.set(eta); muCtl.set(mu); stepsCtl.set(steps);
    setData(root, { eta, mu, steps, "cost-plain": st.costPlain, "cost-momentum": st.costMomentum,
                    "steps-plain": st.stepsPlain, "steps-momentum": st.stepsMomentum,
                    width: size });
  }

  const names = ["eta", "mu", "steps", "hessian", "w_min", "start", "tol"];
  return redrawOn(model, names, root, draw);
}

export default { render };
