" The bare language server under Vim + ALE, batch mode (server/test/neovimOtherClients.test.ts):
"
"   PATH=<dir with magento-integration-ls>:$PATH MIL_FILE=<api.xml> MIL_OUT=<result.json> \
"   MIL_LINE=<1-based> MIL_COLUMN=<1-based> vim -N -u NONE -i NONE -es -S test/neovim/ale.vim
"
" with ALE in /usr/share/vim-ale (Debian's vim-ale). The linter is docs/cli.md's
" ale_linters/xml/magento_integration.vim (here test/neovim/ale_linters/xml/), the two vimrc lines below are
" docs/cli.md's too. Opens MIL_FILE, lints, asks for completion at MIL_LINE:MIL_COLUMN, writes JSON.
set nocompatible
let &runtimepath = '/usr/share/vim-ale,' . expand('<sfile>:p:h') . ',' . &runtimepath
filetype plugin on

" ---- the vimrc lines of docs/cli.md, verbatim ----
let g:ale_completion_enabled = 1
let g:ale_linters = {'xml': ['magento_integration']}
" ---- end ----
" With -u NONE no plugin is loaded: load ALE as Vim would after a vimrc.
runtime! plugin/ale.vim

let s:result = {'loclist': [], 'completion': [], 'errors': []}
try
  execute 'edit ' . fnameescape($MIL_FILE)
  set filetype=xml
  let s:buf = bufnr('')
  ALELint
  for s:i in range(200)
    sleep 100m
    if len(ale#engine#GetLoclist(s:buf)) > 0 | break | endif
  endfor
  let s:result.loclist = ale#engine#GetLoclist(s:buf)
  function! s:OnCompletion(response) abort
    let l:items = get(a:response, 'result', {})
    let l:items = type(l:items) == v:t_dict ? get(l:items, 'items', []) : l:items
    let s:result.completion = map(copy(l:items), 'v:val.label')
  endfunction
  call ale#lsp_linter#SendRequest(s:buf, 'magento_integration',
  \   ale#lsp#message#Completion(s:buf, str2nr($MIL_LINE), str2nr($MIL_COLUMN), ''), function('s:OnCompletion'))
  for s:i in range(100)
    sleep 100m
    if len(s:result.completion) > 0 | break | endif
  endfor
catch
  call add(s:result.errors, v:exception)
endtry
call writefile([json_encode(s:result)], $MIL_OUT)
qall!
