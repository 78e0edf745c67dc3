// Shared drawing and control helpers of the book's live widgets (plain DOM + SVG,
// no imports). Python (nnlib/book/widgets/_base.py) puts this file in front of each
// widget's own file to make that widget's ES module.

const SVG_NS = "http://www.w3.org/2000/svg";
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

// Colours come from the page's theme: pydata-sphinx-theme's --pst-color-* on the book's
// site (html[data-theme=light|dark]), JupyterLab's --jp-* in JupyterLab, with light
// fallbacks elsewhere (Colab, VS Code). The site's --pst-* are read first because the
// widget manager's stylesheet defines light --jp-* defaults on every page.
const STYLE = `
.nnlib-widget {
  --nw-fg: var(--pst-color-text-base, var(--jp-ui-font-color1, #222));
  --nw-muted: var(--pst-color-text-muted, var(--jp-ui-font-color2, #555));
  --nw-bg: var(--pst-color-background, var(--jp-layout-color1, #fff));
  --nw-surface: var(--pst-color-surface, var(--jp-layout-color2, #f4f4f4));
  --nw-border: var(--pst-color-border, var(--jp-border-color1, #bbb));
  --nw-grid: var(--pst-color-border-muted, var(--jp-border-color3, #e5e5e5));
  --nw-accent: var(--pst-color-primary, var(--jp-brand-color1, #1f77b4));
  --nw-go: var(--pst-color-success, var(--jp-success-color1, #2e7d32));
  font: 13px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--nw-fg); background: var(--nw-bg); border: 1px solid var(--nw-border);
  border-radius: 6px; padding: 8px 10px; max-width: 720px; box-sizing: border-box;
  color-scheme: light; accent-color: var(--nw-accent); }
html[data-theme=dark] .nnlib-widget, body[data-jp-theme-light=false] .nnlib-widget {
  color-scheme: dark; }
.nnlib-widget .nw-row { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center;
  margin: 3px 0; }
.nnlib-widget label { display: inline-flex; align-items: center; gap: 6px; min-height: 28px; }
.nnlib-widget label.nw-slider span.nw-name { min-width: 3.2em; text-align: right; }
.nnlib-widget input[type=range] { width: 150px; height: 28px; margin: 0; }
.nnlib-widget input[type=checkbox] { width: 18px; height: 18px; margin: 0; }
.nnlib-widget output { display: inline-block; min-width: 3.4em;
  font-variant-numeric: tabular-nums; }
.nnlib-widget button, .nnlib-widget select { font: inherit; min-height: 28px;
  border: 1px solid var(--nw-border); border-radius: 4px; background: var(--nw-surface);
  color: var(--nw-fg); }
.nnlib-widget button { padding: 2px 9px; cursor: pointer; }
.nnlib-widget button:hover { filter: brightness(0.95); }
.nnlib-widget button:focus-visible, .nnlib-widget input:focus-visible,
.nnlib-widget select:focus-visible, .nnlib-widget .nw-figure:focus-visible {
  outline: 2px solid var(--nw-accent); outline-offset: 1px; }
.nnlib-widget button.nw-primary { background: var(--nw-go); border-color: var(--nw-go);
  color: var(--pst-color-background, #fff); }
.nnlib-widget select { padding: 1px 4px; }
.nnlib-widget svg { display: block; max-width: 100%; height: auto; }
/* A drawing keeps its size (text 11 px and up) and scrolls sideways in its own box when
   the column is narrower, e.g. on a phone, rather than shrinking to unreadable text. */
.nnlib-widget .nw-figure { overflow-x: auto; max-width: 100%; }
.nnlib-widget .nw-figure > svg { max-width: none; }
.nnlib-widget svg text { font: 11px system-ui, -apple-system, "Segoe UI", sans-serif; }
.nnlib-widget svg text:not([fill]) { fill: var(--nw-fg); }
.nnlib-widget svg text.nw-title { font-size: 12px; font-weight: 600; }
.nnlib-widget svg .nw-plot { fill: var(--nw-bg); stroke: var(--nw-muted); }
.nnlib-widget svg text.nw-muted { fill: var(--nw-muted); }
.nnlib-widget svg .nw-grid { stroke: var(--nw-grid); }
.nnlib-widget svg .nw-ink { fill: var(--nw-fg); }
.nnlib-widget .nw-readout { font-variant-numeric: tabular-nums; margin: 4px 0 2px; }
`;

function injectStyle(root) {
  const style = document.createElement("style");
  style.textContent = STYLE;
  root.appendChild(style);
}

/** The widget's root element, with its style. */
function widgetRoot(el, name) {
  const root = h("div", { class: `nnlib-widget nnlib-${name}` }, el);
  injectStyle(root);
  return root;
}

/** A box for a drawing of fixed size: scrolls sideways (by keyboard too) when narrow. */
function figureBox(parent, label) {
  return h("div", { class: "nw-figure", tabindex: "0", role: "group", "aria-label": label }, parent);
}

function h(tag, attrs = {}, parent = null, text = null) {
  const node = document.createElement(tag);
  // Keys pressed on a control are the control's: JupyterLab's shortcuts (arrow keys
  // included) skip elements marked data-lm-suppress-shortcuts.
  if (tag === "input" || tag === "select" || tag === "button") {
    node.setAttribute("data-lm-suppress-shortcuts", "true");
  }
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function s(tag, attrs = {}, parent = null, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

/** A labelled range input with a readout; `values` (optional) are the exact values
 *  the slider steps through (the input then ranges over their indices). */
function slider(parent, { name, title = "", min = 0, max = 1, step = 0.01, values = null,
                          value, format = (v) => String(v), onInput }) {
  const label = h("label", { class: "nw-slider", title }, parent);
  h("span", { class: "nw-name" }, label, name);
  const input = h("input", { type: "range" }, label);
  const out = h("output", {}, label);
  if (values) {
    input.min = 0; input.max = values.length - 1; input.step = 1;
  } else {
    input.min = min; input.max = max; input.step = step;
  }
  const decimals = values ? 0 : Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const read = () => {
    if (values) return values[Number(input.value)];
    return Number(Number(input.value).toFixed(decimals));  // exact decimal of the step
  };
  const ctl = {
    input,
    get value() { return read(); },
    set(v) {
      if (values) {
        let best = 0;
        values.forEach((x, i) => { if (Math.abs(x - v) < Math.abs(values[best] - v)) best = i; });
        input.value = String(best);
      } else {
        input.value = String(v);
      }
      out.textContent = format(v);
    },
  };
  input.setAttribute("aria-label", title || name);
  input.addEventListener("input", () => {
    const v = read();
    out.textContent = format(v);
    onInput(v);
  });
  ctl.set(value);
  return ctl;
}

function button(parent, text, onClick, attrs = {}) {
  const b = h("button", { type: "button", ...attrs }, parent, text);
  b.addEventListener("click", onClick);
  return b;
}

function checkbox(parent, text, checked, onChange) {
  const label = h("label", {}, parent);
  const input = h("input", { type: "checkbox" }, label);
  input.checked = checked;
  label.appendChild(document.createTextNode(" " + text));
  input.addEventListener("change", () => onChange(input.checked));
  return input;
}

function scale(d0, d1, r0, r1) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** About `n` round tick values covering [lo, hi]. */
function ticks(lo, hi, n = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => st >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) {
    out.push(Math.abs(v) < 1e-12 * step ? 0 : Number(v.toPrecision(12)));
  }
  return out;
}

function fmtTick(v) {
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1000) return v.toFixed(0);
  return String(Number(v.toPrecision(4)));
}

/** A plot frame inside `svg`: box (x, y, w, h) in px, domains, ticks and labels.
 *  Returns {g, sx, sy, clip} where sx/sy map data to px. */
function frame(svg, { x, y, w, h: ht, xdom, ydom, xlabel = "", ylabel = "", title = "",
                      xticks = null, yticks = null, id = "" }) {
  const g = s("g", {}, svg);
  const sx = scale(xdom[0], xdom[1], x, x + w);
  const sy = scale(ydom[0], ydom[1], y + ht, y);
  s("rect", { x, y, width: w, height: ht, class: "nw-plot" }, g);
  for (const t of yticks || ticks(ydom[0], ydom[1], 4)) {
    const py = sy(t);
    s("line", { x1: x, x2: x + w, y1: py, y2: py, class: "nw-grid" }, g);
    s("text", { x: x - 4, y: py + 3.5, "text-anchor": "end" }, g, fmtTick(t));
  }
  for (const t of xticks || ticks(xdom[0], xdom[1], 4)) {
    const px = sx(t);
    s("line", { x1: px, x2: px, y1: y, y2: y + ht, class: "nw-grid" }, g);
    s("text", { x: px, y: y + ht + 13, "text-anchor": "middle" }, g, fmtTick(t));
  }
  if (xlabel) s("text", { x: x + w / 2, y: y + ht + 27, "text-anchor": "middle" }, g, xlabel);
  if (ylabel) {
    s("text", { x: 0, y: 0, "text-anchor": "middle",
                transform: `translate(${x - 34},${y + ht / 2}) rotate(-90)` }, g, ylabel);
  }
  if (title) s("text", { x: x + w / 2, y: y - 6, "text-anchor": "middle", class: "nw-title" }, g, title);
  const clipId = `nwclip${Math.random().toString(36).slice(2)}${id}`;
  const cp = s("clipPath", { id: clipId }, g);
  s("rect", { x, y, width: w, height: ht }, cp);
  const clip = s("g", { "clip-path": `url(#${clipId})` }, g);
  return { g, sx, sy, clip };
}

function pathD(xs, ys, sx, sy) {
  let d = "";
  for (let i = 0; i < xs.length; i++) {
    d += (i ? "L" : "M") + sx(xs[i]).toFixed(2) + "," + sy(ys[i]).toFixed(2);
  }
  return d;
}

/** Closed band between two series (for gap shading). */
function bandD(xs, lower, upper, sx, sy) {
  if (!xs.length) return "";
  let d = "";
  for (let i = 0; i < xs.length; i++) d += (i ? "L" : "M") + sx(xs[i]).toFixed(2) + "," + sy(upper[i]).toFixed(2);
  for (let i = xs.length - 1; i >= 0; i--) d += "L" + sx(xs[i]).toFixed(2) + "," + sy(lower[i]).toFixed(2);
  return d + "Z";
}

function range(lo, hi) {
  const out = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

/** Draw now, again when any of the model's `keys` changes, and again when `root`
 *  changes width (for a widget that lays itself out for its container, e.g. on a
 *  phone). Returns the clean-up function that render() hands back. */
function redrawOn(model, keys, root, draw) {
  keys.forEach((k) => model.on(`change:${k}`, draw));
  let lastWidth = -1;
  const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => {
    if (root.clientWidth !== lastWidth) { lastWidth = root.clientWidth; draw(); }
  });
  if (ro) ro.observe(root);
  draw();
  return () => { keys.forEach((k) => model.off(`change:${k}`, draw)); if (ro) ro.disconnect(); };
}

/** Write a {name: value} map as data-* attributes (numbers at full precision). */
function setData(node, values) {
  for (const [k, v] of Object.entries(values)) {
    node.setAttribute("data-" + k, typeof v === "string" ? v : JSON.stringify(v));
  }
}
