/* Copy buttons: copies the text of the element whose id the button names, then says so on the button. */
function consoleCopy(button, id) {
  var text = document.getElementById(id).textContent.trim();
  var done = function () {
    var label = button.querySelector('.ui-button-text') || button;
    var before = label.textContent;
    label.textContent = button.getAttribute('data-copied') || 'Copied';
    setTimeout(function () { label.textContent = before; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    var area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    document.body.removeChild(area);
    done();
  }
  return false;
}
