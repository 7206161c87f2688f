" ALE linter for Magento integration, ACL and web API files: magento-integration-ls over stdio.
" Install as ~/.vim/ale_linters/xml/magento_integration.vim (any ale_linters/xml/ folder on 'runtimepath').
function! MagentoIntegrationRoot(buffer) abort
  " The project root: the git repository around the file, else the file's folder.
  let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')
  return empty(l:git) ? expand('#' . a:buffer . ':p:h') : fnamemodify(l:git, ':h:h')
endfunction

call ale#linter#Define('xml', {
\   'name': 'magento_integration',
\   'lsp': 'stdio',
\   'executable': 'magento-integration-ls',
\   'command': '%e --stdio',
\   'project_root': function('MagentoIntegrationRoot'),
\   'initialization_options': {'magentoIntegration': {'severity': {'missing-parent': 'error'}}},
\})
