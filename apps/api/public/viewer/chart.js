// A horizontal bar chart in inline SVG: entries per ministry. No library, no inline styles
// (a strict Content-Security-Policy allows it): sizes and colours are SVG attributes and CSS classes.

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * rows: [{ code, name, count }] — drawn largest first, ministries with no entry last (they are
 * part of the picture: the dispatch names ministries that had declared nothing).
 */
export function barChart(rows, { title, onSelect } = {}) {
  const sorted = [...rows].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'vi'));
  const max = Math.max(1, ...sorted.map((r) => r.count));
  const rowH = 24;
  const labelW = 300;
  const barW = 420;
  const top = title ? 28 : 6;
  const width = labelW + barW + 60;
  const height = top + sorted.length * rowH + 6;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', class: 'chart', 'aria-label': title ?? 'Biểu đồ' });
  if (title) svg.append(s('text', { x: 0, y: 18, class: 'chart-title' }, title));
  sorted.forEach((r, i) => {
    const y = top + i * rowH;
    const g = s('g', { class: `chart-row${r.count === 0 ? ' empty' : ''}`, 'data-ministry': r.code, tabindex: onSelect ? 0 : -1 });
    g.append(s('title', {}, `${r.name} (${r.code}): ${r.count} mục`));
    g.append(s('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'chart-label' }, r.name));
    const w = Math.max(r.count > 0 ? 2 : 0, Math.round((r.count / max) * barW));
    g.append(s('rect', { x: labelW, y: y + 4, width: w, height: rowH - 8, rx: 3, class: 'chart-bar' }));
    g.append(s('text', { x: labelW + w + 6, y: y + 16, class: 'chart-value' }, String(r.count)));
    if (onSelect) {
      g.addEventListener('click', () => onSelect(r));
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') onSelect(r);
      });
    }
    svg.append(g);
  });
  return svg;
}
