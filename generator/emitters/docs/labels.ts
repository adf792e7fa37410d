/**
 * The docs' own words, one table per language. Model text comes from the IR's `{en, zh}`; these
 * are the headings and column names around it. Both tables have the same keys (the type makes a
 * missing translation a compile error).
 */
export type DocLanguage = 'en' | 'zh';

export const DOC_LANGUAGES: readonly DocLanguage[] = ['en', 'zh'];

export interface Labels {
  languageName: string;
  htmlLang: string;
  /** Punctuation differs: Chinese uses full-width marks without a following space. */
  colon: string;
  comma: string;
  sentenceEnd: string;
  /** Between sentences: a space in English, nothing in Chinese. */
  space: string;
  docsTitle: string;
  docsIntro: string;
  htmlPageLink: string;
  markdownPagesLink: string;
  otherLanguage: string;
  contents: string;
  guideTitle: string;
  purposeTitle: string;
  objectTypesTitle: string;
  notesTitle: string;
  restResponseTitle: string;
  restErrorTitle: string;
  restResponseIntro: string;
  restErrorIntro: string;
  objectTypesIntro: string;
  positionTitle: string;
  positionIntro: string;
  ruleObject: string;
  rulePosition: string;
  ruleOutcome: string;
  ruleDetails: string;
  /** `{appendable}` stands for the model's appendable object type (`protocol.append.objectType.appendable`). */
  objectStates: { absent: string; appendable: string; normal: string };
  positionKinds: { zero: string; length: string; other: string; any: string };
  outcomeCreate: string;
  outcomeAppend: string;
  firstAppendTitle: string;
  firstAppendIntro: string;
  laterIgnore: string;
  laterReject: string;
  limitsTitle: string;
  limitName: string;
  limitValue: string;
  limitError: string;
  limitNames: {
    keyBytes: string;
    keyForbiddenPrefixes: string;
    sizeMaxBytes: string;
    metadataMaxTotalBytes: string;
    metadataNamePattern: string;
    taggingMaxTags: string;
    taggingMaxKeyLength: string;
    taggingMaxValueLength: string;
    taggingCharPattern: string;
    /** `{name}` is replaced by the parameter's name. */
    minimum: string;
  };
  permissionsTitle: string;
  permissionsIntro: string;
  presignTitle: string;
  browserTitle: string;
  /** `{package}` the npm package, `{client}` its fetch client class, `{call}` an append of a Blob, `{headers}` the headers a CORS rule must expose, `{readme}` the README section. */
  browserIntro: string;
  /** `{max}` is the longest V4 validity in seconds, `{hash}` the presigned payload hash. */
  presignIntro: string;
  /** `{code}` and `{message}`: what an expired URL gets. */
  presignExpired: string;
  presignScheme: string;
  presignParameter: string;
  presignMeaning: string;
  presignRoles: Record<'algorithm' | 'accessKeyId' | 'credential' | 'date' | 'expires' | 'expiresV1' | 'signature' | 'additionalHeaders' | 'securityToken', string>;
  operation: string;
  action: string;
  condition: string;
  always: string;
  whenSet: string;
  errorsTitle: string;
  errorsIntro: string;
  errorCode: string;
  errorStatus: string;
  errorRetryable: string;
  errorMeaning: string;
  errorRemedy: string;
  errorFields: string;
  errorOperations: string;
  yes: string;
  no: string;
  decisionsTitle: string;
  decisionsIntro: string;
  decisionChoice: string;
  decisionReason: string;
  samplesTitle: string;
  samplesIntro: string;
  sampleTitles: Record<string, string>;
  sampleFile: string;
  restTab: string;
  restTitle: string;
  restVector: string;
  restClock: string;
  restCredentials: string;
  referenceTitle: string;
  /** The command-line tool's page (when the CLI is generated): `{program}` stands for its name. */
  cliTitle: string;
  cliIntro: string;
  cliTasksTitle: string;
  cliOperationsTitle: string;
  cliOperationsIntro: string;
  cliCommand: string;
  cliFlag: string;
  cliRequired: string;
  cliSettingsTitle: string;
  cliSettings: string;
  cliExitCodesTitle: string;
  cliExitCodes: string;
  cliSamplesLink: string;
  /** What each task command does, in the order of the view model's CLI_TASK_COMMANDS. */
  cliTasks: string[];
  referenceIntro: string;
  backToGuide: string;
  requestTitle: string;
  requestLine: string;
  host: string;
  pathStyle: string;
  parametersTitle: string;
  name: string;
  location: string;
  type: string;
  required: string;
  values: string;
  firstAppendOnly: string;
  description: string;
  queryTitle: string;
  headersTitle: string;
  bodyTitle: string;
  responseTitle: string;
  responseHeadersTitle: string;
  responseBodyTitle: string;
  constraintsTitle: string;
  noneListed: string;
  responseHeaderLocation: string;
  locations: { host: string; path: string; query: string; header: string; 'header-map': string; body: string };
  version: string;
}

export const LABELS: Record<DocLanguage, Labels> = {
  en: {
    languageName: 'English',
    htmlLang: 'en',
    colon: ': ',
    comma: ',',
    sentenceEnd: '.',
    space: ' ',
    docsTitle: 'Reference documentation',
    docsIntro: 'Generated from the API model; every sample is the tested sample file of its SDK.',
    htmlPageLink: 'Everything on one page (HTML)',
    markdownPagesLink: 'Markdown pages',
    otherLanguage: '中文',
    contents: 'Contents',
    guideTitle: 'Append upload',
    purposeTitle: 'What it is for',
    objectTypesTitle: 'Object types',
    notesTitle: 'Before you rely on appends',
    restResponseTitle: 'Its response',
    restErrorTitle: 'An error response',
    restResponseIntro: 'A successful append answers with an empty body; these headers carry the result',
    restErrorIntro: 'An error answers with an XML body naming the error code; with this one, a header also carries',
    objectTypesIntro: 'How an object was created decides its type, and only one type accepts appends. Responses report the type in the header',
    positionTitle: 'How the position works',
    positionIntro: 'Every append names the position it writes at. What happens depends on the object and the position:',
    ruleObject: 'Object',
    rulePosition: 'Position',
    ruleOutcome: 'Outcome',
    ruleDetails: 'Details',
    objectStates: { absent: 'No object', appendable: '{appendable} object', normal: 'Object of another type' },
    positionKinds: { zero: '0', length: 'Current length', other: 'Any other value', any: 'Any value' },
    outcomeCreate: 'Creates the object',
    outcomeAppend: 'Appends',
    firstAppendTitle: 'Headers that count only on the first append',
    firstAppendIntro: 'These headers take effect when the append creates the object (position 0). On a later append:',
    laterIgnore: 'Ignored on later appends',
    laterReject: 'Refused on later appends',
    limitsTitle: 'Limits',
    limitName: 'Limit',
    limitValue: 'Value',
    limitError: 'Error when exceeded',
    limitNames: {
      keyBytes: 'Object key length, in UTF-8 bytes',
      keyForbiddenPrefixes: 'Object key must not start with',
      sizeMaxBytes: 'Largest object, in bytes',
      metadataMaxTotalBytes: 'User metadata, total bytes at most',
      metadataNamePattern: 'User metadata names match',
      taggingMaxTags: 'Tags per object at most',
      taggingMaxKeyLength: 'Tag key length at most',
      taggingMaxValueLength: 'Tag value length at most',
      taggingCharPattern: 'Tag keys and values match',
      minimum: 'Smallest value of {name}',
    },
    permissionsTitle: 'Permissions',
    permissionsIntro: 'A RAM user or role needs these actions:',
    presignTitle: 'Presigned URLs',
    browserTitle: 'In a browser',
    browserIntro:
      'The TypeScript package also runs in browsers, Deno and Bun: `{package}/fetch` is the same client over fetch, signing with WebCrypto and loading no node: module, so a bundler or a plain module script takes it without polyfills. A page appends a Blob (a File) with `{call}`; the answer is checked like any append (next position, CRC-64). The bucket needs a CORS rule that allows the page’s origin, the methods and the request headers (authorization, x-oss-*, content-type) and exposes {headers}: without them the page cannot read the append answer. fetch cannot report upload progress, so in a browser a call that asks for it sends its body with XMLHttpRequest, which can; in Deno, Bun and Node progress is reported when the request starts and when the answer arrives. The example and the other differences are in the TypeScript README ({readme}); the simulator answers CORS with `gen mock --sim --cors ORIGIN`.',
    presignIntro:
      'A presigned URL carries its signature in the query string instead of the Authorization header: anyone holding it can send that one request (method, object, query; the body is not part of it) until it expires. Every client has a presign function per operation. V1 signs its usual string with the expiry time on the Date line; V4 signs its canonical request with every query parameter but the signature and the payload hash {hash}, for at most {max} seconds.',
    presignExpired: 'After its expiry a presigned request gets {code} “{message}”.',
    presignScheme: 'Scheme',
    presignParameter: 'Query parameter',
    presignMeaning: 'Carries',
    presignRoles: {
      algorithm: 'The signature algorithm',
      accessKeyId: 'The AccessKey ID',
      credential: 'AccessKey ID / day / region / product / scope terminator',
      date: 'The signing time (yyyymmddTHHMMSSZ)',
      expires: 'Seconds the URL stays valid after the signing time',
      expiresV1: 'When the URL stops working (Unix seconds)',
      signature: 'The signature',
      additionalHeaders: 'Additional signed headers (lower case, ;-separated)',
      securityToken: 'The STS security token (signed)',
    },
    operation: 'Operation',
    action: 'Action',
    condition: 'Needed',
    always: 'Always',
    whenSet: 'When the request sets',
    errorsTitle: 'Errors and what to do',
    errorsIntro: 'Every error the service can return for these operations, and how to handle it:',
    errorCode: 'Code',
    errorStatus: 'HTTP status',
    errorRetryable: 'Retried by the clients',
    errorMeaning: 'Meaning',
    errorRemedy: 'What to do',
    errorFields: 'Fields',
    errorOperations: 'Returned by',
    yes: 'Yes',
    no: 'No',
    decisionsTitle: 'Decisions of this model',
    decisionsIntro: 'Where the service documentation is silent, the model decides; the clients and the simulator follow it:',
    decisionChoice: 'Choice',
    decisionReason: 'Why',
    samplesTitle: 'Samples',
    samplesIntro: 'Each sample below is the generated sample file of that SDK, compiled and run by its tests.',
    sampleTitles: {
      'append-from-memory': 'Append from memory',
      'append-from-file': 'Append from a file',
      resume: 'Resume from the current length',
    },
    sampleFile: 'File',
    restTab: 'REST',
    restTitle: 'Raw signed HTTP request',
    restVector: 'Protocol test vector',
    restClock: 'Signed at the fixed time',
    restCredentials: 'with the test credentials',
    cliTitle: 'Command-line tool',
    cliIntro: '`{program}` is the generated command-line tool: one static binary built on the generated Go client, with a subcommand per operation (flags and help from the model) and task commands for appendable objects. `{program} help COMMAND` prints the same text; `--lang zh` or a `zh_*` locale prints it in Chinese.',
    cliTasksTitle: 'Tasks',
    cliOperationsTitle: 'Operations',
    cliOperationsIntro: 'Each operation sends one request. The bucket and key can also be given as one `{scheme}://BUCKET/KEY` argument; a body flag takes a file, `-` for standard input.',
    cliCommand: 'Command',
    cliFlag: 'Flag',
    cliRequired: 'required',
    cliSettingsTitle: 'Settings and output',
    cliSettings: 'Each setting comes from its flag, else the environment, else the profile of `~/.ossgen-cli.ini` that `{program} config` writes (mode 0600; secrets are never printed). Results are `name: value` lines, or one JSON object with `--json`; `append` shows a progress bar with rate and ETA on a terminal and one line per chunk otherwise.',
    cliExitCodesTitle: 'Exit codes',
    cliExitCodes: '0 success, 1 local failure (a file, an integrity check), 2 wrong command line or settings, 3 an error answered by the service, 4 the service could not be reached or did not answer in time.',
    cliSamplesLink: 'Samples',
    cliTasks: [
      'Appends a file (or standard input, `-`) in chunks. Reads the object’s length and CRC-64 first and sends only what the object does not hold yet, so an interrupted run is resumed by running it again; `--follow` keeps appending as the file grows, like `tail -f`.',
      'Shows the object’s length, CRC-64, type and metadata.',
      'Writes the object, or a byte range of it, to standard output.',
      'Deletes the object.',
      'Prints a URL that works without credentials until it expires.',
      'Writes the endpoint and credentials to the configuration file; `config show` prints it without its secrets.',
      'Prints the shell completion script.',
    ],
    referenceTitle: 'API reference',
    referenceIntro: 'One page per operation.',
    backToGuide: 'Back to the guide',
    requestTitle: 'Request',
    requestLine: 'Request line',
    host: 'Host',
    pathStyle: 'Path-style addressing (bucket in the path) is used for these endpoints:',
    parametersTitle: 'Parameters',
    name: 'Name',
    location: 'In',
    type: 'Type',
    required: 'Required',
    values: 'Values',
    firstAppendOnly: 'First append only',
    description: 'Description',
    queryTitle: 'Query parameters',
    headersTitle: 'Request headers',
    bodyTitle: 'Request body',
    responseTitle: 'Response',
    responseHeadersTitle: 'Response headers',
    responseBodyTitle: 'Response body',
    constraintsTitle: 'Constraints',
    noneListed: 'None.',
    responseHeaderLocation: 'header',
    locations: { host: 'host', path: 'path', query: 'query', header: 'header', 'header-map': 'headers', body: 'body' },
    version: 'Model version',
  },
  zh: {
    languageName: '中文',
    htmlLang: 'zh-CN',
    colon: '：',
    comma: '，',
    sentenceEnd: '。',
    space: '',
    docsTitle: '参考文档',
    docsIntro: '由 API 模型生成；每个示例都是对应 SDK 中经过测试的示例文件。',
    htmlPageLink: '单页版（HTML）',
    markdownPagesLink: 'Markdown 页面',
    otherLanguage: 'English',
    contents: '目录',
    guideTitle: '追加上传',
    purposeTitle: '适用场景',
    objectTypesTitle: '对象类型',
    notesTitle: '使用追加前须知',
    restResponseTitle: '对应的响应',
    restErrorTitle: '错误响应',
    restResponseIntro: '追加成功时响应体为空，结果由以下响应头给出',
    restErrorIntro: '出错时响应体为 XML，其中给出错误码；此错误还通过以下响应头给出',
    objectTypesIntro: '对象的创建方式决定其类型，只有一种类型可以追加。对象类型由以下响应头返回：',
    positionTitle: '追加位置（position）规则',
    positionIntro: '每次追加都要指定写入的位置。结果取决于对象状态和该位置：',
    ruleObject: '对象',
    rulePosition: '位置',
    ruleOutcome: '结果',
    ruleDetails: '说明',
    objectStates: { absent: '对象不存在', appendable: '可追加对象', normal: '其他类型的对象' },
    positionKinds: { zero: '0', length: '当前长度', other: '其他值', any: '任意值' },
    outcomeCreate: '创建对象',
    outcomeAppend: '追加',
    firstAppendTitle: '仅在首次追加时生效的请求头',
    firstAppendIntro: '这些请求头在追加创建对象时（position 为 0）生效。后续追加时：',
    laterIgnore: '后续追加时忽略',
    laterReject: '后续追加时拒绝',
    limitsTitle: '限制',
    limitName: '限制项',
    limitValue: '取值',
    limitError: '超出时的错误',
    limitNames: {
      keyBytes: '对象名称长度（UTF-8 字节）',
      keyForbiddenPrefixes: '对象名称不能以此开头',
      sizeMaxBytes: '对象最大字节数',
      metadataMaxTotalBytes: '用户元数据总字节数上限',
      metadataNamePattern: '用户元数据名称需匹配',
      taggingMaxTags: '每个对象的标签数上限',
      taggingMaxKeyLength: '标签键长度上限',
      taggingMaxValueLength: '标签值长度上限',
      taggingCharPattern: '标签键和值需匹配',
      minimum: '{name} 的最小取值',
    },
    permissionsTitle: '权限',
    permissionsIntro: 'RAM 用户或角色需要以下操作权限：',
    presignTitle: '预签名 URL',
    browserTitle: '在浏览器中',
    browserIntro:
      'TypeScript 包也可以在浏览器、Deno 和 Bun 中运行：`{package}/fetch` 是基于 fetch 的同一客户端，用 WebCrypto 签名，不加载任何 node: 模块，因此打包工具或普通模块脚本无需 polyfill 即可使用。页面用 `{call}` 追加一个 Blob（即 File）；应答与其他追加一样被检查（下一个位置和 CRC-64）。存储空间需要一条 CORS 规则：允许页面的来源、这些方法和请求头（authorization、x-oss-*、content-type），并暴露 {headers}；否则页面读不到追加的应答。fetch 无法报告上传进度，因此在浏览器中，需要进度的调用改用 XMLHttpRequest 发送请求体以报告进度；在 Deno、Bun 和 Node 中只在请求开始和应答到达时报告。示例和其他差异见 TypeScript 的 README（{readme}）；模拟器用 `gen mock --sim --cors ORIGIN` 应答 CORS。',
    presignIntro:
      '预签名 URL 把签名放在查询串中而不是 Authorization 头中：持有它的任何人都可以在过期之前发送这一个请求（方法、对象和查询串；请求体不在其中）。每个客户端为每个操作提供一个预签名函数。V1 对其通常的待签名字符串签名，Date 行为过期时间；V4 对规范请求签名，其中包含除签名外的全部查询参数，负载哈希为 {hash}，有效期最长 {max} 秒。',
    presignExpired: '过期后，预签名请求返回 {code}“{message}”。',
    presignScheme: '签名版本',
    presignParameter: '查询参数',
    presignMeaning: '内容',
    presignRoles: {
      algorithm: '签名算法',
      accessKeyId: 'AccessKey ID',
      credential: 'AccessKey ID / 日期 / 地域 / 产品 / 范围结束符',
      date: '签名时间（yyyymmddTHHMMSSZ）',
      expires: '自签名时间起 URL 有效的秒数',
      expiresV1: 'URL 失效的时间（Unix 秒）',
      signature: '签名',
      additionalHeaders: '额外签名的请求头（小写，以 ; 分隔）',
      securityToken: 'STS 安全令牌（参与签名）',
    },
    operation: '操作',
    action: '权限操作',
    condition: '何时需要',
    always: '总是需要',
    whenSet: '请求中设置以下请求头时',
    errorsTitle: '错误及处理方法',
    errorsIntro: '这些操作可能返回的全部错误及其处理方法：',
    errorCode: '错误码',
    errorStatus: 'HTTP 状态码',
    errorRetryable: '客户端是否自动重试',
    errorMeaning: '含义',
    errorRemedy: '处理方法',
    errorFields: '字段',
    errorOperations: '返回该错误的操作',
    yes: '是',
    no: '否',
    decisionsTitle: '本模型的决定',
    decisionsIntro: '服务文档未说明之处由模型做出决定；客户端和模拟器都遵循这些决定：',
    decisionChoice: '决定',
    decisionReason: '原因',
    samplesTitle: '示例代码',
    samplesIntro: '以下每个示例都是对应 SDK 生成的示例文件，并由其测试编译和运行。',
    sampleTitles: {
      'append-from-memory': '从内存追加',
      'append-from-file': '从文件追加',
      resume: '从当前长度继续追加',
    },
    sampleFile: '文件',
    restTab: 'REST',
    restTitle: '已签名的原始 HTTP 请求',
    restVector: '协议测试向量',
    restClock: '签名时使用的固定时间',
    restCredentials: '使用的测试凭证',
    cliTitle: '命令行工具',
    cliIntro: '`{program}` 是生成的命令行工具：基于生成的 Go 客户端构建的单个静态二进制文件，每个操作一个子命令（参数和帮助来自模型），另有面向可追加对象的任务命令。`{program} help COMMAND` 输出同样的内容；使用 `--lang zh` 或 `zh_*` 语言环境时输出中文。',
    cliTasksTitle: '任务命令',
    cliOperationsTitle: '操作',
    cliOperationsIntro: '每个操作发送一个请求。存储空间和对象名也可以用一个 `{scheme}://BUCKET/KEY` 参数给出；请求体参数接受文件路径，`-` 表示标准输入。',
    cliCommand: '命令',
    cliFlag: '参数',
    cliRequired: '必填',
    cliSettingsTitle: '设置与输出',
    cliSettings: '每项设置依次取自命令行参数、环境变量，以及 `{program} config` 写入的 `~/.ossgen-cli.ini` 中的配置（文件权限 0600；密钥从不输出）。结果以 `name: value` 行输出，使用 `--json` 时输出一个 JSON 对象；`append` 在终端上显示带速率和剩余时间的进度条，否则每个分块输出一行。',
    cliExitCodesTitle: '退出码',
    cliExitCodes: '0 成功，1 本地错误（文件、完整性校验），2 命令行或设置错误，3 服务端返回错误，4 无法连接服务或服务未按时响应。',
    cliSamplesLink: '示例',
    cliTasks: [
      '分块追加文件（或标准输入 `-`）。先读取对象的长度和 CRC-64，只发送对象尚未包含的部分，因此中断后再次运行即可续传；`--follow` 在文件增长时持续追加，类似 `tail -f`。',
      '显示对象的长度、CRC-64、类型和元数据。',
      '将对象或其中一个字节范围写到标准输出。',
      '删除对象。',
      '输出一个在过期前无需凭证即可使用的 URL。',
      '将服务地址和凭证写入配置文件；`config show` 输出配置但不显示密钥。',
      '输出 shell 自动补全脚本。',
    ],
    referenceTitle: 'API 参考',
    referenceIntro: '每个操作一个页面。',
    backToGuide: '返回指南',
    requestTitle: '请求',
    requestLine: '请求行',
    host: 'Host',
    pathStyle: '以下 Endpoint 使用路径方式访问（存储空间名称位于路径中）：',
    parametersTitle: '参数',
    name: '名称',
    location: '位置',
    type: '类型',
    required: '必需',
    values: '取值',
    firstAppendOnly: '仅首次追加',
    description: '说明',
    queryTitle: '查询参数',
    headersTitle: '请求头',
    bodyTitle: '请求体',
    responseTitle: '响应',
    responseHeadersTitle: '响应头',
    responseBodyTitle: '响应体',
    constraintsTitle: '约束',
    noneListed: '无。',
    responseHeaderLocation: '响应头',
    locations: { host: '主机名', path: '路径', query: '查询参数', header: '请求头', 'header-map': '请求头', body: '请求体' },
    version: '模型版本',
  },
};
