/** Chinese words for the codes of the vocabulary, as the hand-made spreadsheets wrote them; an unknown code shows as itself. */
const LABELS: Readonly<Record<string, string>> = {
  // kinds
  inquiry: '咨询',
  complaint: '投诉',
  request: '诉求',
  suggestion: '建议',
  // categories
  'product-quality': '商品质量',
  'service-attitude': '服务态度',
  'environment-facilities': '环境设施',
  'property-management': '物业管理',
  'engineering-equipment': '工程设备',
  'safety-incident': '安全事件',
  'marketing-events': '营销活动',
  other: '其他',
  // channels
  'walk-in': '现场',
  phone: '电话',
  letter: '信函',
  email: '电子邮件',
  website: '网站',
  'mobile-app': '移动应用',
  wechat: '微信',
  'social-media': '社交媒体',
  'gm-mailbox': '总经理信箱',
  'government-referral': '政府转办',
  media: '媒体',
  'staff-patrol': '员工巡查',
  visit: '上门',
  // complainant types
  consumer: '消费者',
  'street-shop-tenant': '街铺商户',
  'anchor-store': '主力店',
  investor: '投资方',
  // validity, responsibility, severity
  valid: '有效',
  invalid: '无效',
  responsible: '有责',
  'non-responsible': '无责',
  assist: '协助',
  general: '一般',
  major: '重大',
  critical: '特别重大',
  // callback and closing
  'very-satisfied': '非常满意',
  satisfied: '满意',
  neutral: '一般',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
  reached: '已联系',
  unreachable: '无法联系',
  'inquiry-answered': '咨询已答复',
  // case status
  open: '处理中',
  resolved: '已处理待回访',
  closed: '已结案',
  unknown: '未知',
};

export const labelZh = (code: string | null | undefined): string | null => (code === null || code === undefined ? null : LABELS[code] ?? code);

/** People's and departments' names for the ids the log carries (from the policy in force); the id when unknown. */
export interface ExportNames {
  department(mallId: string, departmentId: string | null): string | null;
  staff(staffId: string | null): string | null;
}

export const ID_NAMES: ExportNames = {
  department: (_mallId, departmentId) => departmentId,
  staff: (staffId) => staffId,
};

/** Names from a policy's malls and staff (a structural subset of GroupPolicy, so exports do not depend on the whole type). */
export const namesFromPolicy = (policy: {
  malls: readonly { id: string; departments: readonly { id: string; name: string }[] }[];
  staff: readonly { id: string; name: string }[];
}): ExportNames => {
  const departments = new Map<string, string>();
  for (const mall of policy.malls) for (const department of mall.departments) departments.set(`${mall.id}/${department.id}`, department.name);
  const staff = new Map(policy.staff.map((member) => [member.id, member.name]));
  return {
    department: (mallId, departmentId) => (departmentId === null ? null : departments.get(`${mallId}/${departmentId}`) ?? departmentId),
    staff: (staffId) => (staffId === null ? null : staff.get(staffId) ?? staffId),
  };
};
