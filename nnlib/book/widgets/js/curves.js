// Training-curve explorer (chapter 4): the recorded series of one nnlib run, an
// epoch window, and the gap between the training data and a held-out set shaded.

/** Training minus held-out for accuracies, held-out minus training for costs
 *  (nnlib.book.curves.gap_series): positive = the held-out data fares worse. */
export function gapSeries(training, heldOut, kind) {
  const n = Math.min(training.length, heldOut.length);
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(kind === "accuracy" ? training[i] - heldOut[i] : heldOut[i] - training[i]);
  }
  return out;
}

/** [min, max] of the values of `series` (lists) between indices lo and hi, padded. */
export function yRange(series, lo, hi) {
  let mn = Infinity, mx = -Infinity;
  for (const v of series) {
    for (let i = lo; i <= Math.min(hi, v.length - 1); i++) {
      mn = Math.min(mn, v[i]); mx = Math.max(mx, v[i]);
    }
  }
  if (!Number.isFinite(mn)) return [0, 1];
  const pad = 0.05 * (mx - mn) || 0.5;
  return [mn - pad, mx + pad];
}

function render({ model, el }) {
  const root = widgetRoot(el, "curves");
  const series = model.get("series"), epochs = model.get("epochs");
  const n = epochs.length, heldOut = model.get("held_out");
  const byKey = Object.fromEntries(series.map((sr) => [sr.key, sr]));
  const idx = epochs.map((_, i) => i);

  const row1 = h("div", { class: "nw-row" }, root);
  h("span", {}, row1, "show:");
  const boxes = {};
  for (const sr of series) {
    boxes[sr.key] = checkbox(row1, sr.key, model.get("shown").includes(sr.key), () => {
      set({ shown: series.map((x) => x.key).filter((k) => boxes[k].checked) });
    });
    boxes[sr.key].classList.add("nw-series");
    boxes[sr.key].dataset.key = sr.key;
  }
  const row2 = h("div", { class: "nw-row" }, root);
  const loCtl = slider(row2, { name: "from epoch", title: "first epoch shown", values: idx,
    value: model.get("lo"), format: (i) => String(epochs[i]), onInput: (i) => {
      set(i > model.get("hi") ? { lo: i, hi: i } : { lo: i }); } });
  const hiCtl = slider(row2, { name: "to epoch", title: "last epoch shown", values: idx,
    value: model.get("hi"), format: (i) => String(epochs[i]), onInput: (i) => {
      set(i < model.get("lo") ? { lo: i, hi: i } : { hi: i }); } });
  const row3 = h("div", { class: "nw-row" }, root);
  const shade = checkbox(row3, `shade the gap between training and ${heldOut}`,
                         model.get("shade_gap"), (v) => set({ shade_gap: v }));
  shade.classList.add("nw-shade");
  button(row3, "all epochs", () => set({ lo: 0, hi: n - 1 }), { class: "nw-all" });

  const W = 700, H = 240, TOP = 24, PW = 270, PH = 170;
  const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img" }, figureBox(root, "training curves (scrolls sideways on narrow screens)"));
  const readout = h("div", { class: "nw-readout" }, root);
  const named = { training: PALETTE[0], test: PALETTE[1], validation: PALETTE[2] };
  const others = [PALETTE[4], PALETTE[3], PALETTE[5], PALETTE[6]];
  const colorOf = {};
  for (const sr of series) {
    if (!(sr.set in colorOf)) colorOf[sr.set] = named[sr.set] || others[Object.keys(colorOf).length % 4];
  }

  function gaps(shown, hi) {
    const out = {};
    for (const kind of ["accuracy", "cost"]) {
      const tr = byKey[`training ${kind}`], ev = byKey[`${heldOut} ${kind}`];
      if (tr && ev && shown.includes(tr.key) && shown.includes(ev.key)) {
        out[kind] = gapSeries(tr.values, ev.values, kind)[hi];
      }
    }
    return out;
  }

  function draw() {
    const lo = model.get("lo"), hi = model.get("hi"), shown = model.get("shown");
    const shadeOn = model.get("shade_gap");
    svg.replaceChildren();
    const g = gaps(shown, hi);
    const xs = range(lo, hi);
    const ex = xs.map((i) => epochs[i]);
    // one panel per kind of series shown (the whole width for one kind); none ticked:
    // an empty accuracy panel that says what to do
    const kinds = ["accuracy", "cost"].filter((k) => series.some(
      (sr) => sr.kind === k && shown.includes(sr.key)));
    const panels = kinds.length ? kinds : ["accuracy"];
    const pw = panels.length === 1 ? W - 55 - 25 : PW;
    panels.forEach((kind, p) => {
      const x0 = 55 + p * 355;
      const vis = series.filter((sr) => sr.kind === kind && shown.includes(sr.key));
      const [y0, y1] = yRange(vis.map((sr) => sr.values), lo, hi);
      const xdom = lo === hi ? [epochs[lo] - 0.5, epochs[hi] + 0.5] : [epochs[lo], epochs[hi]];
      const f = frame(svg, { x: x0, y: TOP, w: pw, h: PH, xdom, ydom: [y0, y1],
        xlabel: "epoch", ylabel: kind === "accuracy" ? "accuracy (%)" : "cost", id: kind,
        title: kind });
      f.g.setAttribute("class", "nw-panel");
      if (!vis.length) {
        s("text", { x: x0 + pw / 2, y: TOP + PH / 2, "text-anchor": "middle", class: "nw-muted" },
          f.g, "tick a series above to draw it");
        return;
      }
      if (shadeOn && kind in g) {
        const tr = byKey[`training ${kind}`].values, ev = byKey[`${heldOut} ${kind}`].values;
        s("path", { d: bandD(ex, xs.map((i) => tr[i]), xs.map((i) => ev[i]), f.sx, f.sy),
                    fill: colorOf[heldOut], "fill-opacity": 0.18, class: "nw-gap" }, f.clip);
      }
      vis.forEach((sr, i) => {
        s("path", { d: pathD(ex, xs.map((k) => sr.values[k]), f.sx, f.sy), fill: "none",
                    stroke: colorOf[sr.set], "stroke-width": 1.6, class: "nw-line" }, f.clip);
        if (lo === hi) {  // a one-epoch window: a line of one point draws nothing
          s("circle", { cx: f.sx(epochs[lo]), cy: f.sy(sr.values[lo]), r: 4,
                        fill: colorOf[sr.set], class: "nw-point" }, f.clip);
        }
        const ly = kind === "accuracy" ? TOP + PH - 10 - 13 * (vis.length - 1 - i) : TOP + 14 + 13 * i;
        s("line", { x1: x0 + pw - 140, x2: x0 + pw - 122, y1: ly - 4, y2: ly - 4,
                    stroke: colorOf[sr.set], "stroke-width": 2 }, f.g);
        s("text", { x: x0 + pw - 118, y: ly }, f.g, sr.key);
      });
    });
    loCtl.set(lo); hiCtl.set(hi);
    for (const sr of series) boxes[sr.key].checked = shown.includes(sr.key);
    shade.checked = shadeOn;
    const parts = [];
    if ("accuracy" in g) parts.push(`the ${heldOut} accuracy is ${g.accuracy.toFixed(2)} points below the training accuracy`);
    if ("cost" in g) parts.push(`the ${heldOut} cost is ${g.cost.toFixed(3)} above the training cost`);
    readout.textContent = `epochs ${epochs[lo]}–${epochs[hi]}; ` + (parts.length
      ? `at epoch ${epochs[hi]} ` + parts.join(", and ")
      : `tick a training series and its ${heldOut} partner to see the gap`);
    svg.setAttribute("aria-label", readout.textContent);
    setData(root, { lo: epochs[lo], hi: epochs[hi], shown, shade: String(shadeOn),
                    "gap-accuracy": g.accuracy ?? null, "gap-cost": g.cost ?? null });
  }

  function set(change) {
    model.set(change);
    model.save_changes();
  }

  const keys = ["lo", "hi", "shown", "shade_gap"];
  for (const k of keys) model.on(`change:${k}`, draw);
  draw();
  return () => { for (const k of keys) model.off(`change:${k}`, draw); };
}

export default { render };
