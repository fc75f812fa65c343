// The login form: the CSRF token comes from the XSRF-TOKEN cookie the server set with this page.
'use strict';

function cookie(name) {
  const found = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
  return found ? decodeURIComponent(found.substring(name.length + 1)) : '';
}

const params = new URLSearchParams(location.search);
const message = document.getElementById('message');
if (params.has('error')) {
  message.textContent = 'Wrong name or password.';
  message.hidden = false;
} else if (params.has('logout')) {
  message.textContent = 'You are logged out.';
  message.hidden = false;
}

document.getElementById('login').addEventListener('submit', (event) => {
  event.target.elements._csrf.value = cookie('XSRF-TOKEN');
});
