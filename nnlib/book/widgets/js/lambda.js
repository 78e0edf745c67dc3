// The λ explorer (chapter 5): recorded runs, one per regularization parameter λ;
// the training and test accuracy of the chosen run with the gap between them.

/** Training minus test accuracy after the last recorded epoch (final_gaps). */
export function finalGap(training, test) {
  return training[training.length - 1] - test[test.length - 1];
}

function render({ model, el }) {
  const root = widgetRoot(el, "lambda");
  const lambdas = model.get("lambdas"), epochs = model.get("epochs");
  const training = model.get("training"), test = model.get("test");
  const evalName = model.get("held_out");
  const [ylo, yhi] = model.get("ylim");
  const xMax = Math.max(...epochs.map((e) => e[e.length - 1]));

  const row = h("div", { class: "nw-row" }, root);
  const ctl = slider(row, { name: "λ", title: "regularization parameter λ",
    values: lambdas.map((_, i) => i), value: model.get("index"),
    format: (i) => String(lambdas[i]), onInput: (i) => { model.set("index", i); model.save_changes(); } });
  ctl.input.setAttribute("aria-valuetext", `λ = ${lambdas[model.get("index")]}`);

  const W = 600, H = 260, X0 = 55, TOP = 24, PW = 520, PH = 190;
  const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img" }, figureBox(root, "the regularization plot (scrolls sideways on narrow screens)"));
  const f = frame(svg, { x: X0, y: TOP, w: PW, h: PH, xdom: [0, xMax], ydom: [ylo, yhi],
                         xlabel: "epoch", ylabel: "accuracy (%)", id: "l" });
  const band = s("path", { fill: "#888", "fill-opacity": 0.25, class: "nw-gap" }, f.clip);
  const trLine = s("path", { fill: "none", stroke: PALETTE[0], "stroke-width": 1.6 }, f.clip);
  const teLine = s("path", { fill: "none", stroke: PALETTE[1], "stroke-width": 1.6 }, f.clip);
  [["training accuracy", PALETTE[0]], [`${evalName} accuracy`, PALETTE[1]]].forEach(([t, c], i) => {
    s("line", { x1: X0 + 10, x2: X0 + 28, y1: TOP + PH - 30 + 14 * i, y2: TOP + PH - 30 + 14 * i,
                stroke: c, "stroke-width": 2 }, f.g);
    s("text", { x: X0 + 33, y: TOP + PH - 26 + 14 * i }, f.g, t);
  });
  const label = s("text", { x: X0 + PW - 8, y: TOP + PH - 12, "text-anchor": "end", class: "nw-title" }, f.g);
  const title = s("text", { x: X0 + PW / 2, y: TOP - 8, "text-anchor": "middle", class: "nw-title" }, svg);

  function draw() {
    const i = model.get("index"), lam = lambdas[i];
    const tr = training[i], te = test[i];
    const xs = epochs[i];
    trLine.setAttribute("d", pathD(xs, tr, f.sx, f.sy));
    teLine.setAttribute("d", pathD(xs, te, f.sx, f.sy));
    band.setAttribute("d", bandD(xs, te, tr, f.sx, f.sy));
    const gap = finalGap(tr, te), last = te[te.length - 1];
    label.textContent = `λ = ${lam}: final gap ${gap.toFixed(1)} points, ${evalName} ${last.toFixed(1)}%`;
    title.textContent = `training and ${evalName} accuracy with λ = ${lam}`;
    ctl.set(i);
    ctl.input.setAttribute("aria-valuetext", `λ = ${lam}`);
    svg.setAttribute("aria-label", label.textContent);
    setData(root, { lambda: lam, index: i, gap, "final-test": last });
  }

  model.on("change:index", draw);
  draw();
  return () => model.off("change:index", draw);
}

export default { render };
