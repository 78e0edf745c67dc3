// Initialization explorer (chapter 6): the weighted input z = ∑ w_j x_j + b of one
// hidden neuron at the start of training, for n_in inputs of which a share are on
// (x_j = 1, the rest 0), weights drawn by one of two rules and a bias of a chosen
// spread. z is Gaussian; the tails beyond ±threshold, where σ′(z) is tiny, are shaded.

const RULES = {
  large: { label: "N(0, 1): the old start", variance: (nIn) => 1 },
  default: { label: "N(0, 1/n_in): the new start", variance: (nIn) => 1 / nIn },
};

/** Number of inputs that are on: round(share · n_in), at least 0, at most n_in. */
export function inputsOn(nIn, shareOn) {
  return Math.min(nIn, Math.max(0, Math.round(shareOn * nIn)));
}

/** Standard deviation of z: sqrt(k · Var(w) + bias_sd²) with k inputs on. */
export function zSpread(nIn, shareOn, rule, biasSd) {
  const r = RULES[rule];
  if (!r) throw new Error(`unknown rule ${rule}`);
  return Math.sqrt(inputsOn(nIn, shareOn) * r.variance(nIn) + biasSd * biasSd);
}

/** erfc(x) for x ≥ 0: a positive-term series below 3, a continued fraction above. */
export function erfc(x) {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    // erf(x) = 2/√π e^{-x²} ∑ 2ⁿ x^{2n+1} / (1·3·…·(2n+1))
    let term = x, sum = x;
    for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated backwards
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + (k / 2) / f;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** P(|z| > threshold) for z ~ N(0, sd²). */
export function saturatedShare(sd, threshold) {
  if (sd === 0) return 0;
  return erfc(threshold / (Math.SQRT2 * sd));
}

function sigmoidPrime(z) {
  const e = Math.exp(-Math.abs(z));
  return e / ((1 + e) * (1 + e));
}

/** E[σ′(z)] for z ~ N(0, sd²): trapezoid rule in u = z/sd on [−8, 8], 3,201 points. */
export function meanSigmaPrime(sd) {
  if (sd === 0) return 0.25;
  const n = 3200, a = -8, step = 16 / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const u = a + i * step;
    const w = i === 0 || i === n ? 0.5 : 1;
    sum += w * Math.exp(-0.5 * u * u) * sigmoidPrime(sd * u);
  }
  return (sum * step) / Math.sqrt(2 * Math.PI);
}

/** Everything the drawing shows, for one setting. */
export function initState(nIn, shareOn, rule, biasSd, threshold) {
  const sd = zSpread(nIn, shareOn, rule, biasSd);
  return { on: inputsOn(nIn, shareOn), sd, saturated: saturatedShare(sd, threshold),
           meanSigmaPrime: meanSigmaPrime(sd) };
}

const INIT_STYLE = `
.nnlib-widget.nnlib-init {
  --ni-fg: var(--pst-color-text-base, var(--jp-ui-font-color1, #222));
  --ni-muted: var(--pst-color-text-muted, var(--jp-ui-font-color2, #555));
  --ni-bg: var(--pst-color-background, var(--jp-layout-color0, #fff));
  --ni-grid: var(--pst-color-border, var(--jp-border-color2, #ddd));
  --ni-curve: #1f5f99; --ni-tail: #c62828; --ni-prime: #2e7d32;
  color: var(--ni-fg); background: var(--ni-bg); border-color: var(--ni-grid); }
html[data-theme=dark] .nnlib-widget.nnlib-init, body.jp-mod-dark .nnlib-widget.nnlib-init,
[data-jp-theme-light=false] .nnlib-widget.nnlib-init {
  --ni-fg: var(--pst-color-text-base, var(--jp-ui-font-color1, #e6e6e6));
  --ni-muted: var(--pst-color-text-muted, var(--jp-ui-font-color2, #b0b0b0));
  --ni-bg: var(--pst-color-background, var(--jp-layout-color0, #14181e));
  --ni-grid: var(--pst-color-border, var(--jp-border-color2, #444));
  --ni-curve: #7cb8f2; --ni-tail: #ff8a80; --ni-prime: #81c784; }
.nnlib-widget.nnlib-init svg text { fill: var(--ni-fg); font-size: 12px; }
.nnlib-widget.nnlib-init svg text.ni-small { font-size: 11px; fill: var(--ni-muted); }
.nnlib-init .ni-axis { stroke: var(--ni-muted); fill: none; }
.nnlib-init .ni-grid { stroke: var(--ni-grid); }
.nnlib-init .ni-curve { stroke: var(--ni-curve); fill: none; stroke-width: 2; }
.nnlib-init .ni-tail { fill: var(--ni-tail); fill-opacity: 0.45; stroke: none; }
.nnlib-init .ni-limit { stroke: var(--ni-tail); stroke-dasharray: 5 3; }
.nnlib-init .ni-prime { stroke: var(--ni-prime); fill: none; stroke-width: 1.5;
  stroke-dasharray: 2 2; }
.nnlib-init .nw-row { gap: 6px 16px; }
.nnlib-init label.nw-slider span.nw-name { min-width: 5.5em; }
.nnlib-init input[type=range] { width: 130px; }
.nnlib-init select, .nnlib-init option { color: var(--ni-fg); background: var(--ni-bg); }
.nnlib-init .nw-readout { font-size: 13px; }
.nnlib-init .ni-legend { font-size: 12px; color: var(--ni-muted); display: flex;
  flex-wrap: wrap; gap: 2px 16px; }
.nnlib-init .ni-swatch { display: inline-block; width: 14px; height: 10px;
  margin-right: 5px; vertical-align: -1px; }
`;

function render({ model, el }) {
  const root = widgetRoot(el, "init");
  h("style", {}, root, INIT_STYLE);
  const set = (change) => { model.set(change); model.save_changes(); };
  const row = h("div", { class: "nw-row" }, root);
  const nCtl = slider(row, { name: "n_in", title: "number of inputs n_in",
    values: model.get("n_in_values"), value: model.get("n_in"),
    format: (v) => v.toLocaleString("en-US"), onInput: (v) => set({ n_in: v }) });
  const pCtl = slider(row, { name: "inputs on", title: "share of inputs that are on",
    min: 0.05, max: 1, step: 0.05, value: model.get("share_on"),
    format: (v) => `${Math.round(100 * v)}%`, onInput: (v) => set({ share_on: v }) });
  const bCtl = slider(row, { name: "bias spread", title: "standard deviation of the bias",
    min: 0, max: 2, step: 0.1, value: model.get("bias_sd"),
    format: (v) => v.toFixed(1), onInput: (v) => set({ bias_sd: v }) });
  const ruleLabel = h("label", {}, row, "weights ");
  const ruleSel = h("select", { "aria-label": "weight initialization rule" }, ruleLabel);
  for (const [key, r] of Object.entries(RULES)) h("option", { value: key }, ruleSel, r.label);
  ruleSel.addEventListener("change", () => set({ rule: ruleSel.value }));

  const svg = s("svg", { role: "img" }, root);
  const legend = h("div", { class: "ni-legend" }, root);
  const tailKey = h("span", {}, legend);
  h("span", { class: "ni-swatch", style: "background: var(--ni-tail); opacity: 0.6" }, tailKey);
  const tailText = h("span", {}, tailKey);
  const primeKey = h("span", {}, legend);
  h("span", { class: "ni-swatch", style: "border-top: 2px dotted var(--ni-prime); height: 0" },
    primeKey);
  h("span", {}, primeKey, "σ′(z), scaled to the plot's height");
  const readout = h("div", { class: "nw-readout", "aria-live": "polite" }, root);

  function draw() {
    const nIn = model.get("n_in"), share = model.get("share_on"), rule = model.get("rule");
    const biasSd = model.get("bias_sd"), t = model.get("threshold");
    const st = initState(nIn, share, rule, biasSd, t);
    const avail = root.clientWidth ? root.clientWidth - 22 : 640;
    const W = Math.max(300, Math.min(640, avail)), H = 250;
    const L = 44, R = 12, T = 26, B = 40, PW = W - L - R, PH = H - T - B;
    svg.setAttribute("width", W); svg.setAttribute("height", H);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const zMax = Math.max(8, 3.5 * st.sd);
    const sx = scale(-zMax, zMax, L, L + PW);
    const peak = st.sd > 0 ? 1 / (Math.sqrt(2 * Math.PI) * st.sd) : 1;
    const sy = scale(0, 1.1 * peak, T + PH, T);
    for (const v of ticks(-zMax, zMax, W < 450 ? 4 : 6)) {
      s("line", { x1: sx(v), x2: sx(v), y1: T, y2: T + PH, class: "ni-grid" }, svg);
      s("text", { x: sx(v), y: T + PH + 14, "text-anchor": "middle" }, svg, fmtTick(v));
    }
    s("rect", { x: L, y: T, width: PW, height: PH, class: "ni-axis" }, svg);
    s("text", { x: L + PW / 2, y: H - 6, "text-anchor": "middle" }, svg,
      "weighted input z of the hidden neuron");
    s("text", { x: 0, y: 0, "text-anchor": "middle",
                transform: `translate(${L - 28},${T + PH / 2}) rotate(-90)` }, svg, "density");
    // the saturated tails, shaded
    const n = 240, xs = [], ys = [];
    for (let i = 0; i <= n; i++) {
      const z = -zMax + (2 * zMax * i) / n;
      xs.push(z);
      ys.push(st.sd > 0 ? Math.exp(-0.5 * (z / st.sd) ** 2) * peak : 0);
    }
    for (const sign of [-1, 1]) {
      const lo = sign < 0 ? -zMax : t, hi = sign < 0 ? -t : zMax;
      const tx = [], ty = [];
      xs.forEach((z, i) => { if (z >= lo && z <= hi) { tx.push(z); ty.push(ys[i]); } });
      if (tx.length) {
        s("path", { class: "ni-tail", d: bandD(tx, tx.map(() => 0), ty, sx, sy) }, svg);
      }
      s("line", { x1: sx(sign * t), x2: sx(sign * t), y1: T, y2: T + PH, class: "ni-limit" }, svg);
    }
    s("path", { class: "ni-curve", d: pathD(xs, ys, sx, sy) }, svg);
    // σ′(z) on its own scale (0 to 0.25 fills the height), for comparison
    const syp = scale(0, 0.25 * 1.1, T + PH, T);
    s("path", { class: "ni-prime", d: pathD(xs, xs.map(sigmoidPrime), sx, syp) }, svg);
    const pct = (100 * st.saturated).toFixed(1);
    tailText.textContent = `saturated: |z| > ${t}, where σ′(z) < ${sigmoidPrime(t).toFixed(3)}`;
    s("text", { x: L + PW / 2, y: T - 8, "text-anchor": "middle" }, svg,
      `sd of z = ${st.sd.toFixed(2)};  saturated: ${pct}%`);
    const text = `${st.on.toLocaleString("en-US")} of ${nIn.toLocaleString("en-US")} inputs on, ` +
      `weights ${RULES[rule].label.split(":")[0]}, bias sd ${biasSd.toFixed(1)}: z has standard ` +
      `deviation ${st.sd.toFixed(2)}; P(|z| > ${t}) = ${pct}%; mean σ′(z) at the start ` +
      `${st.meanSigmaPrime.toFixed(3)} (at most 0.25).`;
    readout.textContent = text;
    svg.setAttribute("aria-label", text);
    nCtl.set(nIn); pCtl.set(share); bCtl.set(biasSd); ruleSel.value = rule;
    nCtl.input.setAttribute("aria-valuetext", `n_in = ${nIn}`);
    setData(root, { "n-in": nIn, "share-on": share, rule, "bias-sd": biasSd, threshold: t,
                    on: st.on, sd: st.sd, saturated: st.saturated,
                    "mean-sigma-prime": st.meanSigmaPrime, width: W });
  }

  const names = ["n_in", "share_on", "rule", "bias_sd", "threshold"];
  return redrawOn(model, names, root, draw);
}

export default { render };
