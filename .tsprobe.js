const P=require('tree-sitter');const C=require('tree-sitter-c');const p=new P();p.setLanguage(C);
const src=require('fs').readFileSync(0,'latin1');
const t=p.parse(src);console.log(t.rootNode.toString());
