/* Copies the text of element `id` to the clipboard; falls back to a selection where the Clipboard API is missing (plain http). */
function consoleCopy(id, button) {
    var text = document.getElementById(id).textContent.trim();
    var done = function () { if (button) { button.classList.add('copied'); } };
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done);
        return;
    }
    var area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); done(); } finally { document.body.removeChild(area); }
}
