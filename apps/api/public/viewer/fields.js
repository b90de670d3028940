// The fields the editor forms ask for: type, labels (vi/en), limits. An entry's own fields come
// from the service's field model (model.js, GET /v1/fields); the rest are the commands' own.
import { ENTRY_MODEL } from './model.js';

/** An entry field of the model as a form field (a contact is three inputs). */
function formFields(f) {
  const base = { vi: f.label.vi, en: f.label.en, required: f.required && !f.nullable, nullable: f.nullable };
  switch (f.type) {
    case 'text':
      return [[f.name, { ...base, type: f.multiline ? 'textarea' : 'text', max: f.max }]];
    case 'url':
      return [[f.name, { ...base, type: 'url', max: f.max }]];
    case 'code':
      return [[f.name, { ...base, type: 'text', vi: `${f.label.vi} (không bắt buộc)`, max: f.max, pattern: f.pattern }]];
    case 'enum':
      return [[f.name, { ...base, type: 'select', options: Object.fromEntries(f.values.map((v) => [v.value, v.label.vi])) }]];
    case 'ministry-code':
      return [[f.name, { ...base, type: 'ministry' }]];
    case 'ministry-codes':
      return [[f.name, { ...base, type: 'ministries', max: f.maxItems }]];
    case 'contact':
      return [
        ['contact.name', { type: 'text', vi: `${f.label.vi}: họ tên`, en: 'Contact name', max: 200, nullable: true }],
        ['contact.email', { type: 'email', vi: `${f.label.vi}: thư điện tử`, en: 'Contact e-mail', max: 200, nullable: true }],
        ['contact.phone', { type: 'tel', vi: `${f.label.vi}: điện thoại`, en: 'Contact phone', max: 30, nullable: true }],
      ];
    default:
      return [];
  }
}

const FIELDS = {
  ...Object.fromEntries(ENTRY_MODEL.flatMap(formFields)),
  effectiveDate: { type: 'date', vi: 'Ngày có hiệu lực', en: 'Effective date', required: true },
  effectiveFrom: { type: 'date', vi: 'Giá trị đúng áp dụng từ ngày', en: 'Correct from', required: true },
  toMinistry: { type: 'ministry', vi: 'Chuyển cho Bộ, ngành', en: 'To ministry', required: true },
  ministry: { type: 'ministry', vi: 'Bộ, ngành', en: 'Ministry', required: true },
  into: { type: 'ministry', vi: 'Sáp nhập vào', en: 'Merge into', required: true },
  defaultSuccessor: { type: 'ministry', vi: 'Bộ, ngành tiếp nhận mặc định', en: 'Default successor', required: true },
  ministryName: { type: 'text', vi: 'Tên mới', en: 'New name', max: 300, required: true },
  documentNumber: { type: 'text', vi: 'Số hiệu văn bản công bố', en: 'Document number', max: 100, required: true },
  title: { type: 'text', vi: 'Tiêu đề', en: 'Title', max: 500 },
  issuedOn: { type: 'date', vi: 'Ngày ban hành', en: 'Issued on', required: true },
  signer: { type: 'text', vi: 'Người ký', en: 'Signer', max: 200, required: true },
  cutoffDate: { type: 'date', vi: 'Cập nhật đến ngày', en: 'Cut-off date', required: true },
  'legalBasis.documentNumber': { type: 'text', vi: 'Số hiệu văn bản', en: 'Document number', max: 100 },
  'legalBasis.issuedOn': { type: 'date', vi: 'Ngày ban hành', en: 'Issued on' },
  'legalBasis.issuer': { type: 'text', vi: 'Cơ quan ban hành', en: 'Issuer', max: 300 },
  'legalBasis.signer': { type: 'text', vi: 'Người ký', en: 'Signer', max: 200 },
  reason: { type: 'textarea', vi: 'Lý do', en: 'Reason', max: 2000 },
};

/** The entry's editable fields, in the order the forms show them. */
export const ENTRY_FIELDS = ENTRY_MODEL.filter((f) => f.editable).flatMap((f) => formFields(f).map(([path]) => path));
export const LEGAL_FIELDS = ['legalBasis.documentNumber', 'legalBasis.issuedOn', 'legalBasis.issuer', 'legalBasis.signer'];

export function fieldSpec(path) {
  const spec = FIELDS[path];
  if (!spec) throw new Error(`unknown field ${path}`);
  return { path, ...spec };
}
