/** Labels of the GM, HQ and administrator screens (issue 14), spread into zh-CN.ts; en-US has the same keys. */
export const steeringZhCN = {
  steerMenu: { today: '今日概览', month: '本月分析', rollup: '集团汇总', slaBoard: '实时时限看板', packs: '月度报告包', policy: '组织与规则', history: '规则变更记录' },
  gm: {
    loadFailed: '数据加载失败，请稍后刷新',
    chooseMall: '请从集团汇总选择商场',
    unclassified: '未定级',
    caseNumber: '案件编号',
    category: '问题分类',
    department: '处理部门',
    deadline: '最近时限',
    severity: '严重程度',
    status: '状态',
    grade: '时限状态',
    receivedAt: '受理时间',
    today: {
      title: '今日概览 · {{mallId}}',
      openCases: '未解决案件',
      allOpen: '全部未解决',
      awaitingApproval: '待我审批',
      byStatus: '按状态',
      bySeverity: '按严重程度',
      breachedNow: '已超时案件',
      noneBreached: '目前没有超时案件',
      namedMe: '通知我的超时升级与重大通报',
      noneNamedMe: '暂无通知您的升级或通报',
      noneAwaiting: '没有待审批的书面答复',
      writtenReply: '书面答复待审批',
      majorCases: '重大/严重案件及报告时限（{{count}} 件）',
      majorOrCritical: '重大或严重',
      noneMajor: '目前没有重大或严重案件',
    },
    cases: { title: '未解决案件 · {{mallId}}', backToToday: '返回今日概览' },
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type SteeringDictionary = Widen<typeof steeringZhCN>;
