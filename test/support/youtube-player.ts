/**
 * A player script (base.js) in the shape youtubei.js 18 extracts its n/signature solver from: a
 * function of (url, sp = …, s = …) that builds a URL object, sets `alr=yes`, and rewrites `n` and
 * the signature. Ours reverses both; the fake googlevideo accepts only the solved values.
 */

export const PLAYER_ID = 'f4k3p1a7';

export const solveChallenge = (value: string): string => [...value].reverse().join('');

export const PLAYER_SCRIPT = `var _yt_player={};(function(g){
var Zx={rev:function(a){return a.split("").reverse().join("")}};
Zx.Url=function(u){this.base=u.split("?")[0];this.q={};for(const p of (u.split("?")[1]||"").split("&")){if(!p)continue;const kv=p.split("=");this.q[kv[0]]=kv[1]}this.get=function(k){return this.q[k]};this.set=function(k,v){this.q[k]=v}};
var Kq=function(url,sp="sig",s=""){url=new Zx.Url(url);url.set("alr","yes");var n=url.get("n");if(n)url.set("n",Zx.rev(n));if(s)url.set(sp,Zx.rev(s));return url};
var Ts=function(){return {signatureTimestamp:20626,cpn:1}};
g.Kq=Kq;g.Ts=Ts;
})(_yt_player);`;

/** The iframe API page, which names the current player id. */
export const IFRAME_API = `var scriptUrl = 'https:\\/\\/www.youtube.com\\/s\\/player\\/${PLAYER_ID}\\/www-widgetapi.vflset\\/www-widgetapi.js';`;

/** A hostile player: its solver reads what a sandbox must hide, or never returns. */
export function hostilePlayer(body: string): string {
  return PLAYER_SCRIPT.replace('url=new Zx.Url(url);', `url=new Zx.Url(url);${body};`);
}
