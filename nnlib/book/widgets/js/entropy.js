// Cross-entropy explorer (chapter 2): target y and output a; the cross-entropy
// C(a, y), the entropy H(y) (eq 64) and their gap, the KL divergence C − H.

function xlogy(x, y) {
  return x === 0 ? 0 : x * Math.log(y);
}

/** nnlib.book.widgets.entropy.entropy_terms for one (y, a), in nats. */
export function entropyTerms(y, a) {
  const crossEntropy = -(xlogy(y, a) + xlogy(1 - y, 1 - a)) + 0;
  const entropy = -(xlogy(y, y) + xlogy(1 - y, 1 - y)) + 0;
  const kl = Math.max(xlogy(y, y / a) + xlogy(1 - y, (1 - y) / (1 - a)), 0);
  return { crossEntropy, entropy, kl };
}

function render({ model, el }) {
  const root = widgetRoot(el, "entropy");
  const [aMin, aMax] = [model.get("a_min"), model.get("a_max")];
  const yMax = model.get("y_max");
  const row = h("div", { class: "nw-row" }, root);
  const yCtl = slider(row, { name: "target y", title: "target y", min: 0, max: 1, step: 0.01,
    value: model.get("y"), format: (v) => v.toFixed(2), onInput: (v) => set({ y: v }) });
  const aCtl = slider(row, { name: "output a", title: "output a", min: aMin, max: aMax, step: 0.01,
    value: model.get("a"), format: (v) => v.toFixed(2), onInput: (v) => set({ a: v }) });

  const W = 640, H = 250, TOP = 28, PH = 180;
  const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img" }, figureBox(root, "cross-entropy and KL divergence plots (scrolls sideways on narrow screens)"));
  const fc = frame(svg, { x: 48, y: TOP, w: 370, h: PH, xdom: [0, 1], ydom: [0, yMax],
                          xlabel: "output a", ylabel: "nats", id: "c",
                          xticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
  const fb = frame(svg, { x: 480, y: TOP, w: 150, h: PH, xdom: [0, 3], ydom: [0, yMax], xticks: [],
                          id: "b", title: "the three numbers" });
  const title = s("text", { x: 48 + 185, y: TOP - 8, "text-anchor": "middle", class: "nw-title" }, svg);
  const curve = s("path", { fill: "none", stroke: PALETTE[0], "stroke-width": 2 }, fc.clip);
  const hLine = s("line", { x1: fc.sx(0), x2: fc.sx(1), stroke: PALETTE[2], "stroke-width": 1.5,
                            "stroke-dasharray": "6 4" }, fc.clip);
  const gap = s("line", { stroke: PALETTE[1], "stroke-width": 4 }, fc.clip);
  const dot = s("circle", { r: 4.5, class: "nw-ink" }, fc.clip);
  const legend = [["cross-entropy C(a, y)", PALETTE[0]], ["entropy H(y)", PALETTE[2]],
                  ["gap KL = C − H", PALETTE[1]]];
  legend.forEach(([text, color], i) => {
    s("line", { x1: 48 + 120, x2: 48 + 142, y1: TOP + 14 + 14 * i, y2: TOP + 14 + 14 * i,
                stroke: color, "stroke-width": 3 }, fc.g);
    s("text", { x: 48 + 147, y: TOP + 18 + 14 * i }, fc.g, text);
  });
  const names = ["C", "H", "KL"], colors = [PALETTE[0], PALETTE[2], PALETTE[1]];
  const bars = names.map((n, i) => s("rect", { x: fb.sx(i + 0.2), width: fb.sx(0.6) - fb.sx(0),
                                                fill: colors[i] }, fb.clip));
  const barText = names.map((n, i) => s("text", { x: fb.sx(i + 0.5), "text-anchor": "middle" }, fb.g));
  names.forEach((n, i) => s("text", { x: fb.sx(i + 0.5), y: TOP + PH + 14, "text-anchor": "middle" },
                            fb.g, n));
  const readout = h("div", { class: "nw-readout" }, root);
  const grid = [];
  for (let i = 0; i <= 196; i++) grid.push(aMin + (aMax - aMin) * i / 196);

  function draw() {
    const y = model.get("y"), a = model.get("a");
    const t = entropyTerms(y, a);
    curve.setAttribute("d", pathD(grid, grid.map((g) => entropyTerms(y, g).crossEntropy), fc.sx, fc.sy));
    hLine.setAttribute("y1", fc.sy(t.entropy)); hLine.setAttribute("y2", fc.sy(t.entropy));
    gap.setAttribute("x1", fc.sx(a)); gap.setAttribute("x2", fc.sx(a));
    gap.setAttribute("y1", fc.sy(t.entropy)); gap.setAttribute("y2", fc.sy(t.crossEntropy));
    dot.setAttribute("cx", fc.sx(a)); dot.setAttribute("cy", fc.sy(t.crossEntropy));
    [t.crossEntropy, t.entropy, t.kl].forEach((v, i) => {
      const top = fb.sy(Math.min(v, yMax));
      bars[i].setAttribute("y", top); bars[i].setAttribute("height", fb.sy(0) - top);
      barText[i].setAttribute("y", Math.max(top - 4, TOP + 12));
      barText[i].textContent = v.toFixed(3);
    });
    title.textContent = `y = ${y.toFixed(2)}: the cost is smallest at a = y`;
    yCtl.set(y); aCtl.set(a);
    readout.textContent = `C = ${t.crossEntropy.toFixed(3)} nats,  H(y) = ${t.entropy.toFixed(3)},  ` +
      `gap KL = C − H = ${t.kl.toFixed(3)}`;
    svg.setAttribute("aria-label", readout.textContent);
    setData(root, { y, a, "cross-entropy": t.crossEntropy, entropy: t.entropy, kl: t.kl });
  }

  function set(change) {
    model.set(change);
    model.save_changes();
  }

  model.on("change:y", draw);
  model.on("change:a", draw);
  draw();
  return () => { model.off("change:y", draw); model.off("change:a", draw); };
}

export default { render };
