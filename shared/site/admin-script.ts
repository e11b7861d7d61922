/**
 * The console's one script, served as /admin/assets/console.js (the CSP allows scripts from our own
 * origin on /admin pages only). It reveals the copy button beside a token just issued and copies the
 * token; without it the token is still shown as selectable text. It only reads the input's value and
 * writes fixed words as textContent.
 */
export const CONSOLE_JS = `'use strict';
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  var input = document.getElementById(button.getAttribute('data-copy'));
  var status = document.querySelector('[data-copied="' + button.getAttribute('data-copy') + '"]');
  if (!input || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    navigator.clipboard.writeText(input.value).then(
      function () { if (status) status.textContent = '已复制'; },
      function () { input.select(); if (status) status.textContent = '无法自动复制：令牌已选中，请按 Ctrl+C 复制'; }
    );
  });
});
`;
