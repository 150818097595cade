/**
 * The browser side of forms, served as plain JavaScript (no build step): fills hidden UTM/referrer/page fields,
 * solves the ALTCHA challenge in the background (PBKDF2/SHA-256 through WebCrypto, the same derivation altcha-lib
 * verifies), validates inline with the form's own messages, posts JSON and shows the server's answer beside the
 * fields. `EMBED_JS` adds the loader that inserts a form where its `<div data-clarion-form>` stands.
 */
export const CLIENT_JS = String.raw`(function(){
if(window.__clarionForms)return;window.__clarionForms=1;
function hex(b){return Array.prototype.map.call(b,function(x){return x.toString(16).padStart(2,'0')}).join('')}
function unhex(h){var a=new Uint8Array(h.length/2);for(var i=0;i<a.length;i++)a[i]=parseInt(h.substr(i*2,2),16);return a}
async function solve(ch){var p=ch.parameters,n=unhex(p.nonce),salt=unhex(p.salt),buf=new Uint8Array(n.length+4);buf.set(n);var dv=new DataView(buf.buffer);
for(var c=0;c<50000000;c++){dv.setUint32(n.length,c,false);var k=await crypto.subtle.importKey('raw',buf,'PBKDF2',false,['deriveBits']);
var bits=new Uint8Array(await crypto.subtle.deriveBits({name:'PBKDF2',hash:'SHA-256',salt:salt,iterations:p.cost},k,(p.keyLength||32)*8));var h=hex(bits);
if(h.indexOf(p.keyPrefix)===0)return btoa(JSON.stringify({challenge:ch,solution:{counter:c,derivedKey:h}}))}return ''}
function enhance(form){if(form.__cf)return;form.__cf=1;var T=JSON.parse(form.getAttribute('data-cf-texts')||'{}');var base=form.action.replace(/\/f\/[^/?]+.*$/,'');var id=form.getAttribute('data-cf-form');
var q=new URLSearchParams(location.search);form.querySelectorAll('input[data-cf-source]').forEach(function(i){var s=i.getAttribute('data-cf-source');if(s.indexOf('utm_')===0)i.value=q.get(s)||'';else if(s==='referrer')i.value=document.referrer||'';else if(s==='page_url')i.value=location.href});
var pow=null;function startPow(){pow=fetch(base+'/f/'+id+'/challenge').then(function(r){return r.json()}).then(solve).then(function(v){form.elements.altcha.value=v;return v})}
if(form.getAttribute('data-cf-pow')==='1')startPow();
function errEl(name){return form.querySelector('#cf-'+name+'-err')||form.querySelector('.cf-status')}
function clear(){form.querySelectorAll('.cf-err').forEach(function(e){e.textContent=''});form.querySelectorAll('[aria-invalid]').forEach(function(e){e.removeAttribute('aria-invalid')})}
function show(name,msg){var e=errEl(name);if(e)e.textContent=msg;var f=form.querySelector('[name="'+name+'"]');if(f)f.setAttribute('aria-invalid','true')}
function check(){clear();var ok=true,first=null;Array.prototype.forEach.call(form.elements,function(el){if(!el.name||el.type==='hidden'||el.closest('.cf-hp'))return;if(el.checkValidity())return;ok=false;first=first||el;var v=el.validity;
var m=v.valueMissing?(el.getAttribute('data-cf-consent')?T.consent_required:T.required):v.typeMismatch?(el.type==='email'?T.invalid_email:T.invalid_phone):v.tooShort?T.too_short:v.tooLong?T.too_long:v.badInput?T.invalid_number:el.validationMessage;show(el.name,m)});if(first)first.focus();return ok}
form.addEventListener('input',function(e){if(e.target.name&&e.target.checkValidity&&e.target.checkValidity()){var x=errEl(e.target.name);if(x&&x.classList.contains('cf-err'))x.textContent='';e.target.removeAttribute('aria-invalid')}});
form.noValidate=true;form.addEventListener('submit',async function(e){e.preventDefault();if(!check())return;var st=form.querySelector('.cf-status'),btn=form.querySelector('button[type=submit]');btn.disabled=true;
try{if(pow){st.textContent=T.working;await pow}var data={};new FormData(form).forEach(function(v,k){if(k in data){data[k]=[].concat(data[k],v)}else data[k]=v});
form.querySelectorAll('input[type=checkbox]').forEach(function(c){if(!c.checked&&!(c.name in data)&&!form.querySelector('fieldset [name="'+c.name+'"]'))data[c.name]=false});
var r=await fetch(form.action,{method:'POST',headers:{'content-type':'application/json',accept:'application/json'},body:JSON.stringify(data)});var j=await r.json();st.textContent='';
if(j.status==='accepted'||j.status==='pending'){if(j.redirectUrl){location.href=j.redirectUrl;return}var d=document.createElement('p');d.className='cf-msg';d.setAttribute('role','status');d.textContent=j.message;form.replaceWith(d);try{localStorage.setItem('clarion_subscribed','1')}catch(_){ }form.dispatchEvent(new CustomEvent('clarion:submitted',{bubbles:true}));d.dispatchEvent(new CustomEvent('clarion:submitted',{bubbles:true,composed:true}));return}
if(j.status==='invalid'){j.problems.forEach(function(p){show(p.field,p.message)});var f=form.querySelector('[aria-invalid]');if(f)f.focus()}else{st.textContent=j.message;if(j.code==='pow_invalid'||j.code==='pow_missing')startPow()}}
catch(err){st.textContent=T.pow_missing}finally{btn.disabled=false}})}
window.ClarionForms={enhance:enhance};
function all(){document.querySelectorAll('form[data-cf-form]').forEach(enhance)}
if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',all);else all();
})();`;

export const embedJs = (base: string) => String.raw`(function(){var base=${JSON.stringify(base)};
function load(){document.querySelectorAll('div[data-clarion-form]:not([data-cf-done])').forEach(function(div){div.setAttribute('data-cf-done','1');
fetch(base+'/f/'+div.getAttribute('data-clarion-form')+'/fragment?lang='+encodeURIComponent(div.getAttribute('data-lang')||document.documentElement.lang||'')).then(function(r){return r.json()}).then(function(j){
div.innerHTML='<style>'+j.css+'</style>'+j.html;var f=div.querySelector('form');if(window.ClarionForms)window.ClarionForms.enhance(f);else{var s=document.createElement('script');s.src=base+'/f/client.js';s.async=true;s.onload=function(){window.ClarionForms.enhance(f)};document.head.appendChild(s)}})})}
if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',load);else load()})();`;
