// The fields the editor forms ask for: type, labels (vi/en), limits. They mirror the API's
// validation (apps/api/src/shared/field-validators.ts). Kept in this one module so that it can
// later be read from the service (a `GET /v1/fields` describing entry fields) instead: only
// `fieldSpec` would change.
import { DEPLOYMENT, KIND, NDXP } from './dom.js';

const FIELDS = {
  name: { type: 'text', vi: 'Tên', en: 'Name', max: 300, required: true },
  code: { type: 'text', vi: 'Mã (không bắt buộc)', en: 'Code', max: 64, pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,63}' },
  kind: { type: 'select', vi: 'Loại', en: 'Kind', options: KIND, required: true },
  ownerMinistry: { type: 'ministry', vi: 'Cơ quan chủ quản', en: 'Owner ministry', required: true },
  coMinistries: { type: 'ministries', vi: 'Bộ, ngành phối hợp', en: 'Co-ministries', max: 30 },
  description: { type: 'textarea', vi: 'Mô tả', en: 'Description', max: 5000, nullable: true },
  operator: { type: 'text', vi: 'Đơn vị vận hành', en: 'Operator', max: 500, nullable: true },
  'contact.name': { type: 'text', vi: 'Đầu mối hỗ trợ: họ tên', en: 'Contact name', max: 200, nullable: true },
  'contact.email': { type: 'email', vi: 'Đầu mối hỗ trợ: thư điện tử', en: 'Contact e-mail', max: 200, nullable: true },
  'contact.phone': { type: 'tel', vi: 'Đầu mối hỗ trợ: điện thoại', en: 'Contact phone', max: 30, nullable: true },
  url: { type: 'url', vi: 'Địa chỉ truy cập', en: 'URL', max: 2000, nullable: true },
  deploymentStatus: { type: 'select', vi: 'Tình trạng triển khai', en: 'Deployment status', options: DEPLOYMENT, required: true },
  ndxpStatus: { type: 'select', vi: 'Kết nối NDXP', en: 'NDXP connection', options: NDXP },
  effectiveDate: { type: 'date', vi: 'Ngày có hiệu lực', en: 'Effective date', required: true },
  effectiveFrom: { type: 'date', vi: 'Giá trị đúng áp dụng từ ngày', en: 'Correct from', required: true },
  toMinistry: { type: 'ministry', vi: 'Chuyển cho Bộ, ngành', en: 'To ministry', required: true },
  ministry: { type: 'ministry', vi: 'Bộ, ngành', en: 'Ministry', required: true },
  into: { type: 'ministry', vi: 'Sáp nhập vào', en: 'Merge into', required: true },
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
export const ENTRY_FIELDS = ['name', 'kind', 'coMinistries', 'description', 'operator', 'contact.name', 'contact.email', 'contact.phone', 'url', 'deploymentStatus', 'ndxpStatus'];
export const LEGAL_FIELDS = ['legalBasis.documentNumber', 'legalBasis.issuedOn', 'legalBasis.issuer', 'legalBasis.signer'];

export function fieldSpec(path) {
  const spec = FIELDS[path];
  if (!spec) throw new Error(`unknown field ${path}`);
  return { path, ...spec };
}
