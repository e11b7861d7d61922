import { writeFileSync } from 'node:fs';
import { UsageError } from './args';
import { check, displayName, Unreadable, validateCommand } from './validate';

const USAGE = `用法 / usage:
  gongkai validate <文件>… [--json] [--agency 机关名称] [--year 年度] [--previous 上年报告]
      按上传时的标准校验报告，不上传；可一次校验多个文件，- 表示从标准输入读取
      --agency、--year      按该机关、该年度上传时的结论（机关名称、年度是否相符）
      --previous 文件       与上一年度的报告比对（跨年规则 CARRY_OVER、STOCK_FLOW、PLAUSIBILITY 跨年突变、BOILERPLATE）
      --json                每个文件输出一行 JSON；多个文件时每行带 "file"
      退出码：0 通过；1 有错误、表格未能读出（未能校验）或不能上传；2 无法读取。多个文件取最严重的

  gongkai import <文件夹> --endpoint 地址 --token 令牌 [--agencies 对照表.csv] [--strict=false]
                 [--concurrency N] [--report 结果.csv|结果.json]
      把文件夹（含子文件夹）中的报告文件（.txt .htm .html .doc .docx .pdf，隐藏文件除外）上传到公开年报库
      --endpoint            公开年报库的地址，如 http://127.0.0.1:3000（也可用环境变量 GONGKAI_ENDPOINT）
      --token               本机关的上传令牌（gk_ 开头），或管理员令牌加 --agencies（也可用环境变量 GONGKAI_TOKEN）
      --agencies 对照表     CSV，表头 file,agency，可加 year 列；file 为相对文件夹的路径；不在表中的文件跳过不传。
                            用管理员令牌时，本次导入为每个机关签发一个上传令牌，结束时吊销
      --strict=false        有校验错误的报告也保存（导入已公开的历史报告）
      --concurrency N       同时上传的文件数，默认 4；429、503 和网络错误自动重试（最多 5 次，遵从 Retry-After）
      --report 文件         逐个文件的结果：.csv（UTF-8 带 BOM）或 .json，默认 gongkai-import-results.csv
      可以中断后重新运行：公开年报库已有的文件（SHA-256 相同）不再上传，结果为 unchanged。
      超过 4 MB 的文件经大文件通道（POST /v1/uploads）上传，按严格模式校验，年度以文件所写为准
      退出码：0 全部已保存（stored）或已有（unchanged）；1 有被拒绝、失败或跳过的文件；2 用法错误

  gongkai render <文件> [-o 输出.html]   生成报告页面（不加 -o 时输出到标准输出）
  gongkai schema                        输出报告数据模型的 JSON Schema
  gongkai --help                        显示本说明`;

async function render(args: string[]): Promise<number> {
  const o = args.indexOf('-o');
  const out = o === -1 ? undefined : args[o + 1];
  if (o !== -1 && !out) throw new UsageError('-o 后面缺少输出文件名');
  const files = args.filter((_, i) => i !== o && i !== o + 1);
  const [file] = files;
  if (files.length !== 1 || file === undefined) throw new UsageError('render 需要且只需要一个文件');
  const result = await check(file);
  if (result.error) {
    process.stderr.write(`gongkai: ${displayName(file)}: ${result.error.message}\n`);
    return 2;
  }
  const { renderReport } = await import('../shared/render/render-report');
  const html = renderReport(result);
  if (out) writeFileSync(out, html);
  else process.stdout.write(html);
  return result.ok ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'schema': {
        const { reportJsonSchema } = await import('../shared/model/json-schema');
        process.stdout.write(`${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
        return 0;
      }
      case 'validate':
        return await validateCommand(rest);
      case 'render':
        return await render(rest);
      case 'import':
        // Loaded only for imports: validate's cold start stays as small as it was.
        return await (await import('./import')).importCommand(rest);
      case undefined:
        process.stderr.write(`${USAGE}\n`);
        return 2;
      default:
        process.stderr.write(`gongkai: 不认识的命令 ${command}\n${USAGE}\n`);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof Unreadable) {
      process.stderr.write(`gongkai: ${err.message}\n`);
      if (err instanceof UsageError) process.stderr.write('（gongkai --help 查看用法）\n');
      return 2;
    }
    throw err;
  }
}

// `gongkai … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`gongkai: 内部错误：${(err as Error).stack ?? err}\n`);
    process.exitCode = 2;
  },
);
