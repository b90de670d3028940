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
 * compact: a phone's layout. The wide chart scaled to 390 px would print its labels at about 6 px,
 * so on a phone each ministry's name goes on its own line above a bar that spans the width.
 */
export function barChart(rows, { title, onSelect, compact = false } = {}) {
  const sorted = [...rows].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'vi'));
  const max = Math.max(1, ...sorted.map((r) => r.count));
  const rowH = compact ? 40 : 24;
  const labelW = compact ? 0 : 300;
  const barW = compact ? 300 : 420;
  const top = title ? 28 : 6;
  const width = labelW + barW + (compact ? 44 : 60);
  const height = top + sorted.length * rowH + 6;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    role: 'img',
    class: `chart${compact ? ' compact' : ''}`,
    'aria-label': title ?? 'Biểu đồ',
  });
  if (title) svg.append(s('text', { x: 0, y: 18, class: 'chart-title' }, title));
  sorted.forEach((r, i) => {
    const y = top + i * rowH;
    // Bars sit below the label on a phone, beside it on a wider screen.
    const barY = compact ? y + 20 : y + 4;
    const g = s('g', { class: `chart-row${r.count === 0 ? ' empty' : ''}`, 'data-ministry': r.code, tabindex: onSelect ? 0 : -1 });
    g.append(s('title', {}, `${r.name} (${r.code}): ${r.count} mục`));
    g.append(
      compact
        ? s('text', { x: 0, y: y + 15, class: 'chart-label' }, r.name)
        : s('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'chart-label' }, r.name),
    );
    const w = Math.max(r.count > 0 ? 2 : 0, Math.round((r.count / max) * barW));
    g.append(s('rect', { x: labelW, y: barY, width: w, height: 16, rx: 3, class: 'chart-bar' }));
    g.append(s('text', { x: labelW + w + 6, y: barY + 12, class: 'chart-value' }, String(r.count)));
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
