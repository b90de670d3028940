// Small helpers: build DOM nodes (text is always set as text, never parsed as HTML), and the
// Vietnamese labels and date formats the viewer shows.
import { fieldLabels, valueLabels } from './model.js';

/** h('a', { href: '#/', class: 'x', onclick: fn }, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** 2024-07-03 → 03/07/2024 */
export function viDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** An instant shown in Vietnam time: 14:05 15/07/2024. */
export function viInstant(iso) {
  if (!iso) return '';
  const t = new Date(new Date(iso).getTime() + 7 * 3600 * 1000).toISOString();
  return `${t.slice(11, 16)} ${viDate(t.slice(0, 10))}`;
}

/** Today's date in Vietnam (UTC+7, no daylight saving), as YYYY-MM-DD. */
export function todayInVietnam() {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

export const KIND = valueLabels('kind');
export const DEPLOYMENT = valueLabels('deploymentStatus');
export const NDXP = valueLabels('ndxpStatus');
export const STATUS = { 'in-force': 'Đang có hiệu lực', withdrawn: 'Đã rút khỏi danh mục' };
export const EVENT = {
  'platform.registered': 'Đăng ký vào danh mục',
  'platform.amended': 'Sửa đổi',
  'platform.corrected': 'Đính chính',
  'platform.withdrawn': 'Rút khỏi danh mục',
  'platform.reinstated': 'Đưa trở lại danh mục',
  'platform.transferred': 'Chuyển cơ quan chủ quản',
};
export const ROLE = { 'mic-admin': 'Cục Chuyển đổi số quốc gia', 'ministry-editor': 'cán bộ Bộ, ngành', auditor: 'kiểm toán' };
/** Field labels from the model, and the entry's own status. */
export const FIELD = { ...fieldLabels(), status: 'Trạng thái' };

/** A field's value as a reader wants it. */
export function showValue(field, value) {
  if (value === null || value === undefined || value === '') return '—';
  const labels = valueLabels(field);
  if (labels[value]) return labels[value];
  if (field === 'status') return STATUS[value] ?? value;
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  if (typeof value === 'object') return [value.name, value.email, value.phone].filter(Boolean).join(' · ') || '—';
  return String(value);
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The text with the given words wrapped in <mark> (compared in lower case). */
export function highlight(text, words) {
  const wanted = new Set((words ?? []).map((w) => w.toLowerCase()));
  if (!wanted.size) return [text];
  const out = [];
  let last = 0;
  for (const m of text.normalize('NFC').matchAll(WORD)) {
    if (!wanted.has(m[0].toLowerCase())) continue;
    if (m.index > last) out.push(text.normalize('NFC').slice(last, m.index));
    out.push(h('mark', null, m[0]));
    last = m.index + m[0].length;
  }
  out.push(text.normalize('NFC').slice(last));
  return out;
}
