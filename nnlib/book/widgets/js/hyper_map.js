// The η × λ map (chapter 7): a recorded sweep of the stripped-down problem (0s and 1s,
// a [784, 10] network), one cell per learning rate η and L2 parameter λ, a few seeds
// each. The map shows, after a chosen number of training images, the mean over seeds
// of the validation accuracy (or of the training cost); the reader picks a cell (click,
// tap, arrow keys) and its curves are drawn, one per seed. Everything shown is computed
// here from the recorded numbers (nnlib.book.widgets.hyper_map does the same in Python).

/** Mean of a list, summed left to right (as hyper_map._mean). */
export function seedMean(values) {
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}

/** [i][j]: the mean over seeds of series[i][j][seed][at] (hyper_map.map_values). */
export function mapValues(series, at) {
  return series.map((row) => row.map((seeds) => seedMean(seeds.map((s) => s[at]))));
}

const TIE = 1e-9;

/** The best mean on the map (highest accuracy, lowest cost) and its cells [i, j]. */
export function bestCells(values, shows) {
  let best = shows === "accuracy" ? -Infinity : Infinity;
  for (const row of values) {
    for (const v of row) best = shows === "accuracy" ? Math.max(best, v) : Math.min(best, v);
  }
  const cells = [];
  values.forEach((row, i) => row.forEach((v, j) => {
    if (Math.abs(v - best) <= TIE) cells.push([i, j]);
  }));
  return { best, cells };
}

/** The cell a key moves the selection to ([row, col]), or null for other keys.
 *  Arrows: one step (rows are η, columns λ); Home/End: first/last λ;
 *  PageUp/PageDown: first/last η. The selection stays on the map. */
export function moveCell(row, col, key, nRows, nCols) {
  const clamp = (v, n) => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case "ArrowUp": return [clamp(row - 1, nRows), col];
    case "ArrowDown": return [clamp(row + 1, nRows), col];
    case "ArrowLeft": return [row, clamp(col - 1, nCols)];
    case "ArrowRight": return [row, clamp(col + 1, nCols)];
    case "Home": return [row, 0];
    case "End": return [row, nCols - 1];
    case "PageUp": return [0, col];
    case "PageDown": return [nRows - 1, col];
    default: return null;
  }
}

// Colour classes of the map, worst (0) to best (7). Accuracy in percent: bin k holds
// values from ACC_EDGES[k-1] up to ACC_EDGES[k]; training cost: the lower the better.
const ACC_EDGES = [50, 80, 90, 95, 98, 99, 99.5];
const COST_EDGES = [10, 1, 0.3, 0.1, 0.05, 0.02, 0.01];
// fill and ink of each class (a viridis-like scale; ink chosen for contrast >= 4.5)
const HEAT = [["#440154", "#ffffff"], ["#46327e", "#ffffff"], ["#365c8d", "#ffffff"],
              ["#277f8e", "#ffffff"], ["#1fa187", "#000000"], ["#4ac16d", "#000000"],
              ["#a0da39", "#000000"], ["#fde725", "#000000"]];

/** The colour class (0 worst ... 7 best) of a value the map shows. */
export function heatBin(value, shows) {
  let k = 0;
  if (shows === "accuracy") {
    while (k < ACC_EDGES.length && value >= ACC_EDGES[k]) k++;
  } else {
    while (k < COST_EDGES.length && value <= COST_EDGES[k]) k++;
  }
  return k;
}

/** [fill, ink] of every colour class, and the edges (for the tests and the key). */
export function heatScale() {
  return { colors: HEAT, accuracyEdges: ACC_EDGES, costEdges: COST_EDGES };
}

/** Lower end of a cell's accuracy axis: a multiple of 10 (at most 90) below every
 *  record after training has started and below record `at`, where the map is read
 *  (the untrained start may lie below it otherwise). */
export function accuracyFloor(runs, at) {
  let lo = 100;
  for (const sr of runs) {
    for (let k = 1; k < sr.length; k++) lo = Math.min(lo, sr[k]);
    lo = Math.min(lo, sr[at]);
  }
  return Math.min(90, Math.max(0, 10 * Math.floor(lo / 10)));
}

/** A number as the map's cells show it (3 significant digits; 100 for 100%). */
export function cellText(value, shows) {
  if (shows === "accuracy") return value >= 99.95 ? "100" : value.toFixed(1);
  if (value >= 1000) return Math.round(value).toLocaleString("en-US");
  return String(Number(value.toPrecision(value >= 100 ? 3 : 2)));
}

/** Everything the readout states, for one selection (HyperMap.state). */
export function hyperState(accuracy, cost, row, col, at, shows) {
  const accSeeds = accuracy[row][col].map((s) => s[at]);
  const costSeeds = cost[row][col].map((s) => s[at]);
  const values = mapValues(shows === "accuracy" ? accuracy : cost, at);
  const { best, cells } = bestCells(values, shows);
  return { accuracy: seedMean(accSeeds), cost: seedMean(costSeeds), accuracySeeds: accSeeds,
           costSeeds, best, bestCount: cells.length, bestCells: cells, values };
}

const HM_STYLE = `
.nnlib-widget.nnlib-hyper {
  --hm-s0: #1f5f99; --hm-s1: #c62828; --hm-s2: #2e7d32; --hm-s3: #6a1b9a;
  --hm-mark: var(--nw-muted); }
html[data-theme=dark] .nnlib-widget.nnlib-hyper, body.jp-mod-dark .nnlib-widget.nnlib-hyper,
[data-jp-theme-light=false] .nnlib-widget.nnlib-hyper {
  --hm-s0: #7cb8f2; --hm-s1: #ff8a80; --hm-s2: #81c784; --hm-s3: #ce93d8; }
${HEAT.map(([fill, ink], k) => `.nnlib-hyper .hm-h${k} { background: ${fill}; color: ${ink}; }`).join("\n")}
.nnlib-hyper .hm-panels { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: flex-start; }
.nnlib-hyper table.hm-map { border-collapse: separate; border-spacing: 2px; margin: 0; }
.nnlib-hyper table.hm-map th { font-weight: 400; font-size: 12px; padding: 0 4px;
  white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--nw-fg);
  background: transparent; border: 0; }
.nnlib-hyper table.hm-map th { text-align: center; }
.nnlib-hyper table.hm-map th.hm-rowhead, .nnlib-hyper table.hm-map th.hm-corner {
  text-align: right; }
.nnlib-hyper table.hm-map caption { caption-side: top; text-align: left; font-size: 12px;
  font-weight: 600; padding: 0 0 4px; color: var(--nw-fg); }
.nnlib-hyper table.hm-map td { padding: 0; border: 0; }
.nnlib-hyper button.hm-cell { width: 46px; height: 26px; min-height: 26px; padding: 0;
  border: 0; border-radius: 3px; font-size: 12px; font-variant-numeric: tabular-nums;
  cursor: pointer; filter: none; }
.nnlib-hyper button.hm-cell[aria-pressed=true] { outline: 3px solid var(--nw-fg);
  outline-offset: 0; box-shadow: inset 0 0 0 2px var(--nw-bg); font-weight: 700; }
.nnlib-hyper button.hm-cell:focus-visible { outline: 3px solid var(--nw-accent);
  outline-offset: 1px; }
.nnlib-hyper .hm-key { display: flex; flex-wrap: wrap; gap: 2px 8px; font-size: 12px;
  margin-top: 4px; max-width: 330px; }
.nnlib-hyper .hm-key span.hm-sw { display: inline-block; width: 12px; height: 12px;
  border-radius: 2px; margin-right: 3px; vertical-align: -2px; }
.nnlib-hyper label.nw-slider span.nw-name { min-width: 0; }
.nnlib-hyper output { min-width: 4.2em; }
.nnlib-hyper select, .nnlib-hyper option { color: var(--nw-fg); background: var(--nw-bg); }
.nnlib-hyper .hm-seed0 { stroke: var(--hm-s0); }
.nnlib-hyper .hm-seed1 { stroke: var(--hm-s1); }
.nnlib-hyper .hm-seed2 { stroke: var(--hm-s2); }
.nnlib-hyper .hm-seed3 { stroke: var(--hm-s3); }
.nnlib-hyper .hm-line { fill: none; stroke-width: 1.6; }
.nnlib-hyper .hm-dot { fill: var(--nw-bg); stroke-width: 1.6; }
.nnlib-hyper .hm-at { stroke: var(--nw-fg); stroke-width: 1.2; stroke-dasharray: 4 3; }
.nnlib-hyper .hm-epoch { stroke: var(--hm-mark); stroke-dasharray: 1 3; }
.nnlib-hyper .nw-readout { font-size: 13px; max-width: 700px; }
`;

const SEED_DASH = ["", "5 3", "2 2", "8 3 2 3"];

function fmtNumber(v) {
  return v.toLocaleString("en-US");
}

/** 10^k as a plain decimal label. */
function pow10Label(k) {
  return k >= 0 ? fmtNumber(10 ** k) : (10 ** k).toFixed(-k);
}

function fmtCost(v) {
  return v >= 100 ? fmtNumber(Math.round(v)) : String(Number(v.toPrecision(3)));
}

function render({ model, el }) {
  const root = widgetRoot(el, "hyper");
  h("style", {}, root, HM_STYLE);
  const etas = model.get("etas"), lambdas = model.get("lambdas"), seeds = model.get("seeds");
  const images = model.get("images"), nTrain = model.get("n_training");
  const nVal = model.get("n_validation");
  const nRows = etas.length, nCols = lambdas.length;
  const set = (change) => { model.set(change); model.save_changes(); };

  const row1 = h("div", { class: "nw-row" }, root);
  const atCtl = slider(row1, { name: "images seen", title:
    "training images seen when the map is read",
    values: images.map((_, k) => k), value: model.get("at"),
    format: (k) => fmtNumber(images[k]), onInput: (k) => set({ at: k }) });
  const showsLabel = h("label", {}, row1, "map shows ");
  const showsSel = h("select", { "aria-label": "what the map shows" }, showsLabel);
  h("option", { value: "accuracy" }, showsSel, "validation accuracy (%)");
  h("option", { value: "cost" }, showsSel, "training cost");
  showsSel.addEventListener("change", () => set({ shows: showsSel.value }));

  const panels = h("div", { class: "hm-panels" }, root);
  const mapCol = h("div", {}, panels);
  const mapBox = figureBox(mapCol, "the map of the sweep (scrolls sideways on narrow screens)");
  const table = h("table", { class: "hm-map" }, mapBox);
  const caption = h("caption", {}, table);
  const head = h("tr", {}, h("thead", {}, table));
  h("th", { scope: "col", class: "hm-corner" }, head, "η ↓  λ →");
  lambdas.forEach((lam) => h("th", { scope: "col" }, head, String(lam)));
  const body = h("tbody", {}, table);
  const cells = etas.map((eta, i) => {
    const tr = h("tr", {}, body);
    h("th", { scope: "row", class: "hm-rowhead" }, tr, String(eta));
    return lambdas.map((lam, j) => {
      const b = button(h("td", {}, tr), "", () => { set({ row: i, col: j }); b.focus(); },
                       { class: "hm-cell", "data-row": i, "data-col": j });
      return b;
    });
  });
  table.addEventListener("keydown", (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const to = moveCell(model.get("row"), model.get("col"), ev.key, nRows, nCols);
    if (!to) return;
    ev.preventDefault();
    set({ row: to[0], col: to[1] });
    cells[to[0]][to[1]].focus();
  });
  const key = h("div", { class: "hm-key" }, mapCol);

  const curveBox = figureBox(panels, "curves of the selected cell (scrolls sideways on narrow screens)");
  const svg = s("svg", { role: "img" }, curveBox);
  const readout = h("div", { class: "nw-readout", "aria-live": "polite" }, root);

  function drawKey(shows) {
    while (key.firstChild) key.removeChild(key.firstChild);
    const edges = shows === "accuracy" ? ACC_EDGES : COST_EDGES;
    const unit = shows === "accuracy" ? "%" : "";
    h("span", {}, key, shows === "accuracy" ? "colour: mean accuracy" : "colour: mean cost");
    for (let k = 0; k <= edges.length; k++) {
      let text;
      if (k === 0) text = shows === "accuracy" ? `< ${edges[0]}${unit}` : `> ${edges[0]}`;
      else if (k === edges.length) {
        text = shows === "accuracy" ? `≥ ${edges[k - 1]}${unit}` : `≤ ${edges[k - 1]}`;
      } else text = `${edges[k - 1]}–${edges[k]}${unit}`;
      const item = h("span", {}, key);
      h("span", { class: `hm-sw hm-h${k}`, "aria-hidden": "true" }, item);
      item.appendChild(document.createTextNode(text));
    }
  }

  function drawCurves(row, col, at, W) {
    const H = 352, L = 58, R = 10, PH = 100, T1 = 54, T2 = 210;
    const PW = W - L - R;
    svg.setAttribute("width", W); svg.setAttribute("height", H);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const xs = images.map((v) => v / 1000), xMax = xs[xs.length - 1];
    const acc = model.get("accuracy")[row][col], cost = model.get("cost")[row][col];
    const logs = cost.map((sr) => sr.map((v) => Math.log10(Math.max(v, 1e-12))));
    let lo = Math.floor(Math.min(...logs.flat())), hi = Math.ceil(Math.max(...logs.flat()));
    if (hi - lo < 2) { lo = hi - 2; }
    const kStep = hi - lo > 5 ? 2 : 1;
    const yticks = [];
    for (let k = lo; k <= hi; k += kStep) yticks.push(k);
    const title = `η = ${etas[row]}, λ = ${lambdas[col]}`;
    const aLo = accuracyFloor(acc, at);
    const aTicks = [];
    const aStep = [2, 5, 10, 20].find((st) => 100 - aLo <= 5 * st) || 25;
    for (let v = Math.ceil(aLo / aStep) * aStep; v <= 100; v += aStep) aTicks.push(v);
    const fa = frame(svg, { x: L, y: T1, w: PW, h: PH, xdom: [0, xMax], ydom: [aLo, 100],
      yticks: aTicks, id: "a",
      title: "validation accuracy (%)" });
    const fc = frame(svg, { x: L, y: T2, w: PW, h: PH, xdom: [0, xMax], ydom: [lo, hi],
      yticks, id: "c", xlabel: "training images seen (thousands)",
      title: "training cost" });
    [[T1, "accuracy (%)"], [T2, "cost (log scale)"]].forEach(([y, text]) => {
      s("text", { x: 0, y: 0, "text-anchor": "middle",
                  transform: `translate(${L - 46},${y + PH / 2}) rotate(-90)` }, svg, text);
    });
    // the cost axis is logarithmic: relabel its ticks 10^k as decimals
    fc.g.querySelectorAll("text[text-anchor=end]").forEach((node, k) => {
      node.textContent = pow10Label(yticks[k]);
    });
    [[fa, acc], [fc, logs]].forEach(([f, series], p) => {
      const [ylo, yhi] = p === 0 ? [aLo, 100] : [lo, hi];
      for (let e = 1; e * nTrain <= images[images.length - 1]; e++) {
        const x = f.sx(e * nTrain / 1000);
        s("line", { x1: x, x2: x, y1: f.sy(ylo), y2: f.sy(yhi), class: "hm-epoch" }, f.clip);
      }
      series.forEach((sr, k) => {
        s("path", { d: pathD(xs, sr, f.sx, f.sy), class: `hm-line hm-seed${k % 4}`,
                    "stroke-dasharray": SEED_DASH[k % 4] }, f.clip);
      });
      const x = f.sx(xs[at]);
      s("line", { x1: x, x2: x, y1: f.sy(ylo), y2: f.sy(yhi), class: "hm-at" }, f.clip);
      series.forEach((sr, k) => {
        const y = f.sy(Math.max(ylo, Math.min(yhi, sr[at])));
        s("circle", { cx: x, cy: y, r: 3, class: `hm-dot hm-seed${k % 4}` }, f.g);
      });
    });
    // heading: the cell, and a key with one line per seed
    s("text", { x: 4, y: 13, class: "nw-title" }, svg, `${title}: one curve per seed`);
    const kw = Math.min(76, Math.floor((W - 8) / seeds.length));
    seeds.forEach((seed, k) => {
      const x0 = 4 + kw * k, y = 30;
      s("line", { x1: x0, x2: x0 + 20, y1: y - 4, y2: y - 4, class: `hm-line hm-seed${k % 4}`,
                  "stroke-dasharray": SEED_DASH[k % 4] }, svg);
      s("text", { x: x0 + 24, y }, svg, `seed ${seed}`);
    });
  }

  function draw() {
    const row = model.get("row"), col = model.get("col"), at = model.get("at");
    const shows = model.get("shows");
    const st = hyperState(model.get("accuracy"), model.get("cost"), row, col, at, shows);
    const what = shows === "accuracy" ? "validation accuracy (%)"
      : "training cost (with the L2 term)";
    caption.textContent = `mean ${what} of ${seeds.length} seeds after ` +
      `${fmtNumber(images[at])} images`;
    const bestSet = new Set(st.bestCells.map(([i, j]) => `${i},${j}`));
    st.values.forEach((r, i) => r.forEach((v, j) => {
      const b = cells[i][j];
      b.className = `hm-cell hm-h${heatBin(v, shows)}`;
      b.textContent = cellText(v, shows);
      const selected = i === row && j === col;
      b.setAttribute("aria-pressed", selected ? "true" : "false");
      b.tabIndex = selected ? 0 : -1;
      b.setAttribute("aria-label", `η = ${etas[i]}, λ = ${lambdas[j]}: ${what} ` +
        `${cellText(v, shows)}${bestSet.has(`${i},${j}`) ? " (best on the map)" : ""}`);
    }));
    drawKey(shows);
    // the curves beside the map when at least 290 px are left, below it otherwise
    const avail = root.clientWidth ? root.clientWidth - 22 : 700;
    const mapW = mapCol.getBoundingClientRect().width || 350;
    const beside = avail - mapW - 14;
    const W = beside >= 290 ? Math.min(340, beside) : Math.max(290, Math.min(340, avail));
    drawCurves(row, col, at, W);
    const epochs = images[at] / nTrain;
    const perSeed = (xs, f) => xs.length > 1 ? ` (seeds ${xs.map(f).join(", ")})` : "";
    const bestText = shows === "accuracy"
      ? `the highest mean validation accuracy on the map is ${cellText(st.best, shows)}%`
      : `the lowest mean training cost on the map is ${fmtCost(st.best)}`;
    const text = `η = ${etas[row]}, λ = ${lambdas[col]}, after ${fmtNumber(images[at])} ` +
      `training images (${epochs.toFixed(2)} epochs): validation accuracy ` +
      `${st.accuracy.toFixed(1)}% of ${nVal} images${perSeed(st.accuracySeeds, (v) => `${v}%`)}, ` +
      `training cost ${fmtCost(st.cost)}${perSeed(st.costSeeds, fmtCost)}. At this point ` +
      `${bestText} (${st.bestCount} of ${nRows * nCols} cells).`;
    readout.textContent = text;
    svg.setAttribute("aria-label", `Validation accuracy and training cost of η = ${etas[row]}, ` +
      `λ = ${lambdas[col]} for each seed against the training images seen. ` + text);
    atCtl.set(at);
    atCtl.input.setAttribute("aria-valuetext", `${fmtNumber(images[at])} training images`);
    showsSel.value = shows;
    setData(root, { eta: etas[row], lambda: lambdas[col], row, col, at, images: images[at],
                    shows, accuracy: st.accuracy, cost: st.cost,
                    "accuracy-seeds": st.accuracySeeds, "cost-seeds": st.costSeeds,
                    best: st.best, "best-count": st.bestCount, width: W });
  }

  const names = ["row", "col", "at", "shows", "accuracy", "cost"];
  return redrawOn(model, names, root, draw);
}

export default { render };
