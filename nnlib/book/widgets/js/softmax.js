// Softmax sliders (chapter 3): weighted inputs z_j and, optionally, the constant c of
// eq 83; the bars are the activations a_j = exp(c z_j) / sum_k exp(c z_k).

/** nnlib.softmax(c * z): the max is subtracted first, so no exp overflows. */
export function softmax(z, c = 1) {
  const cz = z.map((v) => c * v);
  const m = Math.max(...cz);
  const e = cz.map((v) => Math.exp(v - m));
  const total = e.reduce((acc, v) => acc + v, 0);
  return e.map((v) => v / total);
}

function render({ model, el }) {
  const root = widgetRoot(el, "softmax");
  const n = model.get("z").length;
  const showC = model.get("show_c");
  const fmt = (v) => (v >= 0 ? "+" : "−") + Math.abs(v).toFixed(2);

  const controls = h("div", { class: "nw-row" }, root);
  const colZ = h("div", {}, controls);
  const zCtls = model.get("z").map((v, j) => slider(h("div", {}, colZ), {
    name: `z${"₁₂₃₄₅₆₇₈₉"[j] || j + 1}`, title: `weighted input z${j + 1}`,
    min: model.get("z_min"), max: model.get("z_max"), step: model.get("z_step"), value: v,
    format: fmt, onInput: (x) => { const z = model.get("z").slice(); z[j] = x; set({ z }); } }));
  let cCtl = null;
  if (showC) {
    cCtl = slider(h("div", {}, colZ), { name: "c", title: "the constant c of eq 83",
      values: model.get("c_values"), value: model.get("c"), format: (v) => String(v),
      onInput: (x) => set({ c: x }) });
  }

  const W = 420, H = 250, X0 = 46, Y0 = 30, PW = 360, PH = 180;
  const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img" }, figureBox(controls, "softmax bars (scrolls sideways on narrow screens)"));
  const f = frame(svg, { x: X0, y: Y0, w: PW, h: PH, xdom: [0, n], ydom: [0, 1],
                         xticks: [], yticks: [0, 0.2, 0.4, 0.6, 0.8, 1], ylabel: "activation",
                         title: showC ? "aⱼ = exp(c zⱼ) / ∑ₖ exp(c zₖ)" : "aⱼ = exp(zⱼ) / ∑ₖ exp(zₖ)" });
  const bw = PW / n;
  const bars = [], labels = [];
  for (let j = 0; j < n; j++) {
    bars.push(s("rect", { x: X0 + j * bw + bw * 0.18, width: bw * 0.64, fill: PALETTE[j % 10] }, f.g));
    labels.push(s("text", { x: X0 + (j + 0.5) * bw, "text-anchor": "middle" }, f.g));
    s("text", { x: X0 + (j + 0.5) * bw, y: Y0 + PH + 15, "text-anchor": "middle" }, f.g,
      `a${"₁₂₃₄₅₆₇₈₉"[j] || j + 1}`);
  }
  const sumText = s("text", { x: X0 + PW - 6, y: Y0 + 16, "text-anchor": "end", class: "nw-title" }, f.g);
  const readout = h("div", { class: "nw-readout" }, root);

  function draw() {
    const z = model.get("z"), c = showC ? model.get("c") : 1;
    const a = softmax(z, c);
    const total = a.reduce((acc, v) => acc + v, 0);
    a.forEach((v, j) => {
      const top = f.sy(v);
      bars[j].setAttribute("y", top.toFixed(2));
      bars[j].setAttribute("height", (f.sy(0) - top).toFixed(2));
      const inside = top - 4 < Y0 + 28;  // a tall bar: the label goes inside it, in white
      labels[j].setAttribute("y", (inside ? Y0 + 28 : top - 4).toFixed(2));
      labels[j].setAttribute("style", inside ? "fill: #fff" : "");
      labels[j].textContent = v.toFixed(3);
    });
    sumText.textContent = `∑ⱼ aⱼ = ${total.toFixed(3)}`;
    z.forEach((v, j) => zCtls[j].set(v));
    if (cCtl) cCtl.set(c);
    readout.textContent = "z = (" + z.map((v) => v.toFixed(2)).join(", ") + ")" +
      (showC ? `, c = ${c}` : "") + ";  a = (" + a.map((v) => v.toFixed(3)).join(", ") + ")";
    svg.setAttribute("aria-label", "softmax activations " + a.map((v) => v.toFixed(3)).join(", "));
    setData(root, { z, c, a, sum: total });
  }

  function set(change) {
    model.set(change);
    model.save_changes();
  }

  model.on("change:z", draw);
  model.on("change:c", draw);
  draw();
  return () => { model.off("change:z", draw); model.off("change:c", draw); };
}

export default { render };
