import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** The one message catalog of the web app: each entry holds both languages side by side, so none lacks its twin. */
const messages = {
  'app.name': { zh: '通办', en: 'Tongban' },
  'app.tagline': { zh: '政务服务平台', en: 'Government Services Platform' },
  'app.skip': { zh: '跳到主要内容', en: 'Skip to main content' },
  'app.footer': { zh: '通办 · 一网通办 · 一窗通办 · 一事联办', en: 'Tongban · one-stop online · one window · one-thing bundles' },
  'lang.switch': { zh: 'English', en: '中文' },
  'lang.switchLabel': { zh: '切换到英文', en: 'Switch to Chinese' },

  'nav.main': { zh: '主导航', en: 'Main navigation' },
  'nav.home': { zh: '首页', en: 'Home' },
  'nav.login': { zh: '登录', en: 'Log in' },
  'nav.register': { zh: '注册', en: 'Register' },
  'nav.logout': { zh: '退出', en: 'Log out' },
  'nav.window': { zh: '综合窗口', en: 'Service window' },
  'nav.approve': { zh: '审批办理', en: 'Approvals' },
  'nav.supervise': { zh: '效能监督', en: 'Supervision' },
  'nav.admin': { zh: '系统管理', en: 'Administration' },
  'nav.signedInAs': { zh: '当前用户:{name}', en: 'Signed in as {name}' },

  'role.applicant_person': { zh: '自然人', en: 'Individual' },
  'role.applicant_enterprise': { zh: '法人', en: 'Enterprise' },
  'role.window_clerk': { zh: '窗口人员', en: 'Window clerk' },
  'role.approver': { zh: '审批人员', en: 'Approver' },
  'role.supervisor': { zh: '督查人员', en: 'Supervisor' },
  'role.admin': { zh: '管理员', en: 'Administrator' },

  'common.loading': { zh: '正在加载…', en: 'Loading…' },
  'common.retry': { zh: '重试', en: 'Try again' },
  'common.submit': { zh: '提交', en: 'Submit' },
  'common.cancel': { zh: '取消', en: 'Cancel' },
  'common.save': { zh: '保存', en: 'Save' },
  'common.create': { zh: '新增', en: 'Create' },
  'common.actions': { zh: '操作', en: 'Actions' },
  'common.required': { zh: '请填写{field}', en: 'Please enter {field}' },
  'common.requiredSelect': { zh: '请选择{field}', en: 'Please choose {field}' },
  'common.yes': { zh: '是', en: 'Yes' },
  'common.no': { zh: '否', en: 'No' },
  'common.none': { zh: '无', en: 'None' },
  'common.all': { zh: '全部', en: 'All' },
  'common.search': { zh: '查询', en: 'Search' },
  'common.total': { zh: '共 {n} 条', en: '{n} in total' },
  'common.saved': { zh: '已保存', en: 'Saved' },
  'common.backHome': { zh: '返回首页', en: 'Back to home' },
  'common.comingSoon': { zh: '即将上线', en: 'Coming soon' },

  'pager.label': { zh: '翻页', en: 'Pages' },
  'pager.prev': { zh: '上一页', en: 'Previous' },
  'pager.next': { zh: '下一页', en: 'Next' },
  'pager.page': { zh: '第 {n} 页', en: 'Page {n}' },

  'error.title': { zh: '出错了', en: 'Something went wrong' },
  'error.NETWORK_DOWN': { zh: '无法连接服务器,请检查网络或稍后再试', en: 'Cannot reach the server; check the network or try again later' },
  'error.TIMEOUT': { zh: '服务器响应超时,请稍后再试', en: 'The server took too long to answer; try again later' },
  'error.BAD_RESPONSE': { zh: '服务器返回了无法识别的内容,请稍后再试', en: 'The server sent an unreadable answer; try again later' },
  'error.CHUNK_LOAD': { zh: '页面加载失败,请检查网络后刷新', en: 'The page failed to load; check the network and reload' },
  'error.fieldInvalid': { zh: '此项不符合要求', en: 'This field is not valid' },
  'error.fieldMissing': { zh: '此项为必填项', en: 'This field is required' },
  'error.notFoundTitle': { zh: '页面不存在', en: 'Page not found' },
  'error.notFound': { zh: '您访问的页面不存在或已移除。', en: 'The page you asked for does not exist or was removed.' },

  'guard.loginTitle': { zh: '请先登录', en: 'Please log in' },
  'guard.loginBody': { zh: '此页面仅限工作人员使用,请使用有权限的账号登录。', en: 'This page is for staff; log in with an account that has access.' },
  'guard.forbiddenTitle': { zh: '无权访问', en: 'No access' },
  'guard.forbiddenBody': { zh: '当前账号({roles})无权访问此页面,需要角色:{required}。', en: 'Your account ({roles}) cannot open this page; it needs the role: {required}.' },
  'guard.goLogin': { zh: '去登录', en: 'Log in' },

  'home.title': { zh: '一网通办 · 一窗通办 · 一事联办', en: 'One-stop online, one window, one-thing bundles' },
  'home.lead': { zh: '个人和企业办事,在线申请、进度查询、结果领取,一次办好。', en: 'Apply online, follow your case and collect the result: services for individuals and enterprises, done in one go.' },
  'home.personal': { zh: '个人办事', en: 'Services for individuals' },
  'home.personalBody': { zh: '户籍、社保、医保、不动产登记等事项的办事指南与在线申请。', en: 'Guides and online applications for residence, social insurance, medical insurance, real estate and more.' },
  'home.enterprise': { zh: '法人办事', en: 'Services for enterprises' },
  'home.enterpriseBody': { zh: '企业开办、工程建设、水电气外线等“一件事”联办。', en: 'Bundled “one-thing” services: starting a business, construction permits, utility connections and more.' },
  'home.welcome': { zh: '您好,{name}', en: 'Hello, {name}' },
  'home.myCasesSoon': { zh: '“我的办件”将在办件功能上线后显示在这里。', en: '“My cases” will appear here once case handling is live.' },
  'home.staffEntry': { zh: '进入工作台', en: 'Open your workspace' },
  'home.services': { zh: '办事服务', en: 'Services' },
  'home.startTitle': { zh: '开始办事', en: 'Get started' },
  'home.startBody': { zh: '登录后即可在线申请并查看办理进度;还没有账号?请先注册。', en: 'Log in to apply online and follow your cases; no account yet? Register first.' },

  'search.label': { zh: '搜索办事事项', en: 'Search services' },
  'search.placeholder': { zh: '输入事项名称或关键词,如“企业开办”', en: 'Service name or keyword, e.g. “start a business”' },
  'search.button': { zh: '搜索', en: 'Search' },
  'search.title': { zh: '办事事项', en: 'Services' },
  'search.resultsFor': { zh: '“{q}”的搜索结果', en: 'Results for “{q}”' },
  'search.audience': { zh: '服务对象', en: 'For' },
  'search.empty': { zh: '没有找到相关事项,请换个关键词试试。', en: 'No services found; try another keyword.' },
  'search.promised': { zh: '承诺时限 {n} 个工作日', en: 'Promised within {n} working days' },
  'search.immediate': { zh: '即办', en: 'Same-day' },
  'search.theme': { zh: '主题', en: 'Theme' },
  'search.online.full': { zh: '全程网办', en: 'Fully online' },
  'search.online.prereview': { zh: '网上预审', en: 'Online pre-review' },
  'search.online.offline': { zh: '线下办理', en: 'In person' },
  'search.browse': { zh: '查看事项', en: 'Browse services' },

  'login.title': { zh: '用户登录', en: 'Log in' },
  'login.account': { zh: '账号', en: 'Account' },
  'login.accountHelp': { zh: '工作人员用户名、身份证号码或统一社会信用代码', en: 'Staff user name, resident ID number or unified social credit code' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.submit': { zh: '登录', en: 'Log in' },
  'login.noAccount': { zh: '还没有账号?', en: 'No account yet?' },
  'login.registerLink': { zh: '立即注册', en: 'Register now' },

  'register.title': { zh: '用户注册', en: 'Register' },
  'register.person': { zh: '自然人注册', en: 'Individual' },
  'register.enterprise': { zh: '法人注册', en: 'Enterprise' },
  'register.name': { zh: '姓名', en: 'Full name' },
  'register.idNumber': { zh: '身份证号码', en: 'Resident ID number' },
  'register.mobile': { zh: '手机号码', en: 'Mobile number' },
  'register.password': { zh: '密码', en: 'Password' },
  'register.passwordHelp': { zh: '至少 8 位,包含字母、数字、符号中的至少两类', en: 'At least 8 characters mixing two of letters, digits and symbols' },
  'register.enterpriseName': { zh: '单位名称', en: 'Enterprise name' },
  'register.creditCode': { zh: '统一社会信用代码', en: 'Unified social credit code' },
  'register.legalRepresentative': { zh: '法定代表人', en: 'Legal representative' },
  'register.submit': { zh: '注册', en: 'Register' },
  'register.done': { zh: '注册成功,请登录。', en: 'Registered; please log in.' },
  'register.haveAccount': { zh: '已有账号?', en: 'Already registered?' },

  'workspace.scope': { zh: '数据范围', en: 'Data scope' },
  'workspace.region': { zh: '行政区划', en: 'Region' },
  'workspace.department': { zh: '所属部门', en: 'Department' },
  'workspace.roles': { zh: '角色', en: 'Roles' },
  'workspace.pending': { zh: '办件功能上线后,此处显示本岗位的工作内容。', en: 'Once case handling is live, this workspace shows your work here.' },
  'window.title': { zh: '综合窗口工作台', en: 'Service window workspace' },
  'window.plan': { zh: '按身份证号码或统一社会信用代码查找申请人、代为申报、逐项预审材料、受理 / 一次性告知 / 不予受理 / 容缺受理、打印文书、发放结果。', en: 'Find the applicant by ID number or credit code, file on their behalf, pre-review each material, accept / notify once / refuse / accept with pending materials, print documents and hand out results.' },
  'approve.title': { zh: '审批办理工作台', en: 'Approval workspace' },
  'approve.plan': { zh: '本部门待办件按紧急程度排序并以红黄绿标识,查看表单、材料与办理时限,办理审批与特别程序。', en: 'Your department’s inbox sorted by urgency with red, yellow and green marks; read forms, materials and remaining time; decide and run special procedures.' },
  'supervise.title': { zh: '效能监督', en: 'Performance supervision' },
  'supervise.plan': { zh: '按地区和部门展示红黄牌、超期与临期办件、节假日日历预警,可逐级下钻到具体办件。', en: 'Red and yellow cards by region and department, overdue and due-soon cases, holiday calendar warnings, with drill-down to each case.' },
  'supervise.regions': { zh: '监督范围内的行政区划', en: 'Regions under supervision' },
  'supervise.departments': { zh: '监督范围内的部门', en: 'Departments under supervision' },

  'admin.title': { zh: '系统管理', en: 'Administration' },
  'admin.tab.regions': { zh: '行政区划', en: 'Regions' },
  'admin.tab.departments': { zh: '部门', en: 'Departments' },
  'admin.tab.users': { zh: '用户', en: 'Users' },
  'admin.tab.audit': { zh: '审计日志', en: 'Audit log' },
  'admin.region.code': { zh: '区划代码', en: 'Region code' },
  'admin.region.name': { zh: '区划名称', en: 'Region name' },
  'admin.region.parent': { zh: '上级区划', en: 'Parent region' },
  'admin.region.create': { zh: '新增行政区划', en: 'Add a region' },
  'admin.region.tree': { zh: '行政区划树', en: 'Region tree' },
  'admin.dept.code': { zh: '部门代码', en: 'Department code' },
  'admin.dept.codeHelp': { zh: '格式:区划代码-简称,如 421202-scjg', en: 'Format: regionCode-short, e.g. 421202-scjg' },
  'admin.dept.name': { zh: '部门名称', en: 'Department name' },
  'admin.dept.nameEn': { zh: '英文名称', en: 'English name' },
  'admin.dept.region': { zh: '所属区划', en: 'Region' },
  'admin.dept.create': { zh: '新增部门', en: 'Add a department' },
  'admin.dept.edit': { zh: '修改', en: 'Edit' },
  'admin.dept.editTitle': { zh: '修改部门', en: 'Edit department' },
  'admin.user.kind': { zh: '类型', en: 'Kind' },
  'admin.user.kind.person': { zh: '自然人', en: 'Individual' },
  'admin.user.kind.enterprise': { zh: '法人', en: 'Enterprise' },
  'admin.user.kind.staff': { zh: '工作人员', en: 'Staff' },
  'admin.user.username': { zh: '用户名', en: 'User name' },
  'admin.user.displayName': { zh: '姓名 / 名称', en: 'Name' },
  'admin.user.account': { zh: '账号', en: 'Account' },
  'admin.user.roles': { zh: '角色', en: 'Roles' },
  'admin.user.region': { zh: '所属区划', en: 'Region' },
  'admin.user.department': { zh: '所属部门', en: 'Department' },
  'admin.user.status': { zh: '状态', en: 'Status' },
  'admin.user.active': { zh: '正常', en: 'Active' },
  'admin.user.disabled': { zh: '已停用', en: 'Disabled' },
  'admin.user.locked': { zh: '已锁定', en: 'Locked' },
  'admin.user.password': { zh: '初始密码', en: 'Initial password' },
  'admin.user.create': { zh: '新增工作人员', en: 'Add a staff account' },
  'admin.user.disable': { zh: '停用', en: 'Disable' },
  'admin.user.enable': { zh: '启用', en: 'Enable' },
  'admin.user.unlock': { zh: '解锁', en: 'Unlock' },
  'admin.user.disableConfirm': { zh: '确定停用账号“{name}”?停用后该账号无法登录。', en: 'Disable “{name}”? The account will no longer be able to log in.' },
  'admin.user.created': { zh: '已创建账号 {name}', en: 'Created the account {name}' },
  'admin.user.updated': { zh: '已更新账号 {name}', en: 'Updated the account {name}' },
  'admin.audit.at': { zh: '时间', en: 'Time' },
  'admin.audit.actor': { zh: '操作人', en: 'Actor' },
  'admin.audit.action': { zh: '操作', en: 'Action' },
  'admin.audit.target': { zh: '对象', en: 'Target' },
  'admin.audit.ip': { zh: 'IP 地址', en: 'IP address' },
  'admin.audit.filter': { zh: '按操作筛选', en: 'Filter by action' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof messages;
export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'tongban.lang';

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  return format(messages[key][lang], vars);
}

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(messages, key);
}

export const htmlLang: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = htmlLang[lang];
    document.title = `${messages['app.name'][lang]} · ${messages['app.tagline'][lang]}`;
  }, [lang]);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }), [lang, setLang]);
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
