/*
 * One small style sheet for every page, in this one place: the components' frame
 * (./layout.tsx) puts the sheet inline, so a page is a single request.
 *
 * The demo banner is a full-width thin bar: as a paragraph it had taken the 42rem measure of text,
 * half the width of a desktop window, and read as a box over the header. A table sits in a `.tw`
 * box that scrolls sideways on a phone, so a wide table never widens the page; a long code (a
 * file's header) breaks anywhere rather than push the page wider.
 *
 * Colours meet WCAG AA contrast on white (text #1a1a1a 17:1, links #0b3d91 10:1, hints #4a4f54 8:1, errors #b00020
 * 7:1, button white on #00692f 6.9:1; a `warn` button, white on the errors' red, for a refusing action such as
 * rejecting a round, so it never looks like the green one beside it). Focus is a yellow band with a dark edge, visible on any
 * background. Font sizes of 1rem and more in inputs keep phones from zooming in.
 */
/** The style sheet, as the `<style>` element of every page holds it. */
export const STYLE = `*,*::before,*::after{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5;font-size:1rem}
.w{max-width:60rem;margin:0 auto;padding:0 1rem}
a{color:#0b3d91}
a:hover{text-decoration-thickness:3px}
:focus-visible{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 6px #1a1a1a}
a:focus-visible{outline:none;background:#fd0;color:#1a1a1a;box-shadow:0 -2px #fd0,0 4px #1a1a1a;text-decoration:none}
.skip{position:absolute;left:-999rem}
.skip:focus{position:static;display:block;padding:.5rem 1rem}
header{border-bottom:4px solid #00692f}
.banner{margin:0;max-width:none;padding:.25rem 1rem;background:#1a1a1a;color:#fff;text-align:center;font-size:.9rem;line-height:1.3}
header .w{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;align-items:center;justify-content:space-between;padding-top:.5rem;padding-bottom:.5rem}
.brand{font-weight:700;font-size:1.25rem;text-decoration:none;color:#1a1a1a}
.brand span{font-weight:400;font-size:1rem;color:#4a4f54;margin-left:.5rem}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav a[aria-current]{font-weight:700;text-decoration:none;border-bottom:3px solid #00692f}
main{padding-top:1rem;padding-bottom:2rem}
main:focus{outline:none}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.3rem;margin:1.5rem 0 .5rem}
p,li{max-width:42rem}
.tw{overflow-x:auto;margin:1rem 0;max-width:100%}
.tw table{margin:0}
.tw:focus-visible{outline:3px solid #fd0;box-shadow:0 0 0 6px #1a1a1a}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #b1b4b6;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:700;padding:.5rem 0}
dl.s{margin:1rem 0;border-top:1px solid #b1b4b6;max-width:42rem}
dl.s div{display:flex;flex-wrap:wrap;border-bottom:1px solid #b1b4b6;padding:.5rem 0}
dl.s dt{font-weight:700;flex:0 0 14rem;max-width:100%;padding-right:1rem}
dl.s dd{margin:0;flex:1 1 14rem}
form{max-width:42rem}
.f{margin:0 0 1.5rem}
.f.e{border-left:5px solid #b00020;padding-left:.75rem}
label,legend{display:block;font-weight:700;margin-bottom:.25rem}
fieldset{border:0;margin:0;padding:0;min-width:0}
legend{font-size:1.1rem;padding:0}
.h{color:#4a4f54;margin:0 0 .25rem}
.m{color:#b00020;font-weight:700;margin:0 0 .25rem}
input,select,textarea{font:inherit;font-size:1.1rem;color:#1a1a1a;background:#fff;border:2px solid #1a1a1a;border-radius:0;padding:.3rem .4rem;max-width:100%}
input[type=text],input[type=tel],input[type=email],textarea,select{width:100%}
input.w2{width:3.5rem}input.w4{width:5.5rem}input.w10{width:12rem}input.w14{width:16rem}
.f.e input,.f.e select,.f.e textarea{border-color:#b00020}
input:focus,select:focus,textarea:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:inset 0 0 0 2px #1a1a1a}
.d{display:flex;gap:1rem;flex-wrap:wrap}
.d label{font-weight:400}
.r{display:flex;align-items:flex-start;gap:.5rem;margin:.4rem 0}
.r input{width:1.5rem;height:1.5rem;margin:.1rem 0 0;flex:none}
.r label{font-weight:400;margin:0}
button{font:inherit;font-size:1.1rem;font-weight:700;color:#fff;background:#00692f;border:0;border-bottom:3px solid #003618;padding:.55rem 1.2rem;cursor:pointer;min-height:2.75rem}
button:hover{background:#004e23}
button:focus-visible{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 6px #1a1a1a}
.bs{display:flex;flex-wrap:wrap;gap:1rem}
button.warn{background:#b00020;border-bottom-color:#5c0011}button.warn:hover{background:#8a0019}
.nt{border-left:6px solid #0b3d91;background:#eef2f9;padding:.75rem 1rem;margin:1rem 0;max-width:42rem}
.nt.ok{border-color:#00692f;background:#eaf5ee}
.nt.err{border-color:#b00020;background:#fbecee}
.nt>:first-child{margin-top:0}.nt>:last-child{margin-bottom:0}
.nt h2{font-size:1.15rem;margin:0 0 .25rem}
.ref{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.4rem;font-weight:700;letter-spacing:.05em}
code{overflow-wrap:anywhere}
.tr ul{padding-left:1.25rem}.tr li{max-width:none}.tr p{margin:.1rem 0 .3rem}.tr .mk{font-weight:700;margin-right:.15rem}.tr .for>.mk{color:#00692f}.tr .against>.mk,.tr .against>.st{color:#b00020;font-weight:700}.tr .src{color:#4a4f54;font-size:.9rem}.tr summary{cursor:pointer;color:#0b3d91;text-decoration:underline;margin:.5rem 0}
footer{color:#4a4f54;font-size:.9rem;border-top:1px solid #b1b4b6;margin-top:2rem}
footer .w{padding-top:.5rem;padding-bottom:2rem}
@media (max-width:40rem){header nav{order:3;flex:1 1 100%}}
@media (max-width:30rem){h1{font-size:1.45rem}dl.s dt{flex-basis:100%}.brand span{display:none}}`;
