/*
 * Copy buttons: consoleCopy(button, id) copies the text of element `id` to the clipboard and says so
 * on the button for a moment (its data-copied attribute, else "Copied"). Where the Clipboard API is
 * missing (plain http), a hidden text area and execCommand do it. The arguments may come in either
 * order.
 */
function consoleCopy(a, b) {
  var button = typeof a === 'string' ? b : a;
  var id = typeof a === 'string' ? a : b;
  var text = document.getElementById(id).textContent.trim();
  var done = function () {
    if (!button) { return; }
    button.classList.add('copied');
    var label = button.querySelector('.ui-button-text') || button;
    var before = label.textContent;
    label.textContent = button.getAttribute('data-copied') || 'Copied';
    setTimeout(function () { label.textContent = before; button.classList.remove('copied'); }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
    return false;
  }
  var area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'absolute';
  area.style.left = '-9999px';
  document.body.appendChild(area);
  area.select();
  try { document.execCommand('copy'); done(); } finally { document.body.removeChild(area); }
  return false;
}
