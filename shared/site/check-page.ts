import { escapeHtml as e } from '../render/escape';
import { TABLE_NAMES } from '../model/keys';
import { MAX_BODY_BYTES } from '../http/types';
import { page } from './layout';

/**
 * /check: a clerk checks a report before publishing it, then publishes it with the agency's token.
 * The page is static; /assets/check.js (check-script.ts) does the work. No inline script and no
 * style attributes: the CSP allows neither. Ids here are the script's contract.
 */

export const CHECK_SCRIPT_PATH = '/assets/check.js';

export const CHECK_ACCEPT = '.txt,.html,.htm,.docx,.doc,.pdf';

export function renderCheckPage(): string {
  const main = `<h1>报告自查与发布</h1>
<p class="plain">把政府信息公开工作年度报告文件交给本页检查：按全国统一格式读出表格，核对表格之间和表格内部的数字是否对得上，并标出有问题的格子。检查不保存文件。超过 4 MB 的文件不能预先检查，发布时上传并检查。发布需要本机关的上传令牌。</p>
<p class="needs-js" id="needs-js">本页需要开启 JavaScript 才能检查和发布。不能使用 JavaScript 时，可以在自己的电脑上离线检查：<code>npx gongkai validate 报告文件</code>（结果与本页相同）。</p>

<section aria-labelledby="check-h">
<h2 id="check-h">检查报告</h2>
<form id="check-form" class="check-form" novalidate>
<div class="field">
<label for="file">选择报告文件：.txt .html .docx .doc .pdf</label>
<input type="file" id="file" name="file" accept="${CHECK_ACCEPT}" aria-describedby="file-name">
</div>
<div class="drop" id="drop" hidden>或者把文件拖到这里，松开后立即检查</div>
<p class="file-name plain" id="file-name"></p>
<fieldset>
<legend>可选：按上传时的核对方式检查</legend>
<p class="hint plain" id="identity-hint">填写后，会像正式上传一样核对报告里的机关名称和年度。报告中没有写明年度时，请填写年度，发布时也按它收录。</p>
<div class="field">
<label for="agency-name">机关名称</label>
<input type="text" id="agency-name" name="agencyName" autocomplete="organization" maxlength="100" aria-describedby="identity-hint">
</div>
<div class="field">
<label for="year">年度</label>
<input type="text" id="year" name="year" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" aria-describedby="identity-hint">
</div>
</fieldset>
<button type="submit" id="check-button">检查</button>
</form>
</section>

<section id="results" class="results" aria-labelledby="results-h" data-table-names="${e(JSON.stringify(TABLE_NAMES))}" data-direct-limit="${MAX_BODY_BYTES}">
<h2 id="results-h">检查结果</h2>
<div aria-live="polite">
<p id="verdict" class="verdict">还没有检查。</p>
<div id="details"></div>
</div>
<p id="typed-hint" class="plain" hidden>表格中没有读出的格子已换成输入框：请按报告原件填写数字，每填一格，上面的检查结果会按填写的数字重新核对。发布时，这些数字会作为“由报送机关补录”的数字一并收录，并注明不是从文件中读出的。</p>
<div id="report-tables" class="report-tables"></div>
</section>

<section id="publish" aria-labelledby="publish-h">
<h2 id="publish-h">发布</h2>
<p class="plain">检查无误后，用本机关的上传令牌发布上面选择的文件。令牌只随这一次请求发送，本页不保存它。同一年度再次发布会成为新的一版，旧版仍可查看。</p>
<form id="publish-form" class="check-form" novalidate>
<fieldset>
<legend>收录方式</legend>
<div class="choice"><input type="radio" id="mode-publish" name="mode" value="strict" checked><label for="mode-publish">正式发布：发现错误时不保存，请改正后再发布</label></div>
<div class="choice"><input type="radio" id="mode-history" name="mode" value="import"><label for="mode-history">导入已公开过的历史报告：按原样收录，错误会在报告页标出</label></div>
</fieldset>
<div class="field">
<label for="token">上传令牌</label>
<input type="password" id="token" name="token" autocomplete="off" spellcheck="false" autocapitalize="off">
</div>
<button type="submit" id="publish-button">发布</button>
</form>
<p id="publish-result" class="plain" aria-live="polite"></p>
</section>`;
  return page({ title: '报告自查与发布', main, script: CHECK_SCRIPT_PATH });
}
