-- The bare language server under real Neovim (0.7+, built-in LSP client), headless:
--
--   PATH=<dir with magento-integration-ls>:$PATH MIL_FILE=<api.xml> MIL_LINE=<0-based> MIL_CHARACTER=<0-based> \
--   MIL_OUT=<result.json> nvim --headless -u NONE -i NONE -n -c 'luafile test/neovim/lsp.lua'
--
-- The first part is the configuration of docs/cli.md, verbatim: a FileType autocommand that starts
-- `magento-integration-ls --stdio` (one client per project root) for Magento integration, ACL and web API
-- files and attaches it. The second part opens MIL_FILE, waits until the server has indexed the project
-- (its "Indexed ..." log message) and published diagnostics after that, reads them as Neovim stores them
-- (vim.diagnostic.get), asks for completion at MIL_LINE:MIL_CHARACTER (vim.lsp.buf_request_sync), and
-- writes what arrived as JSON to MIL_OUT for server/test/neovim.test.ts. It always quits, also on errors
-- (which go into the JSON).

-- ---- the configuration of docs/cli.md, verbatim ----
local magento_files = { '/etc/integration/api%.xml$', '/etc/integration/config%.xml$', '/etc/integration%.xml$', '/etc/acl%.xml$', '/etc/webapi%.xml$' }
local magento_clients = {}
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'xml',
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    local wanted = false
    for _, pattern in ipairs(magento_files) do wanted = wanted or file:match(pattern) ~= nil end
    if not wanted then return end
    -- The project root: the git repository around the file, else the file's folder.
    local git = vim.fn.finddir('.git', vim.fn.fnamemodify(file, ':p:h') .. ';')
    local root = git ~= '' and vim.fn.fnamemodify(git, ':p:h:h') or vim.fn.fnamemodify(file, ':p:h')
    local id = magento_clients[root]
    if not id or vim.lsp.client_is_stopped(id) then
      id = vim.lsp.start_client({
        name = 'magento-integration',
        cmd = { 'magento-integration-ls', '--stdio' },
        root_dir = root,
        init_options = { magentoIntegration = { severity = { ['missing-parent'] = 'error' } } },
      })
      magento_clients[root] = id
    end
    vim.lsp.buf_attach_client(args.buf, id)
    vim.bo[args.buf].omnifunc = 'v:lua.vim.lsp.omnifunc' -- completion with <C-x><C-o>
  end,
})
-- ---- end of the configuration ----

local env = function(name)
  local value = os.getenv(name)
  if value == nil or value == '' then error('environment variable ' .. name .. ' is not set') end
  return value
end

local result = { nvim = vim.version(), diagnostics = {}, completion = {}, errors = {}, logs = {} }

-- Observe the server through the default handlers (the configuration above sets none of its own).
local indexed_at, publishes_after_index = nil, 0
local log_message = vim.lsp.handlers['window/logMessage']
vim.lsp.handlers['window/logMessage'] = function(err, params, ctx, config)
  table.insert(result.logs, params.message)
  if params.message:match('^Indexed') then indexed_at = #result.logs end
  return log_message(err, params, ctx, config)
end
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  if indexed_at then publishes_after_index = publishes_after_index + 1 end
  return publish(err, params, ctx, config)
end

local ok, err = pcall(function()
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(env('MIL_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype

  -- Diagnostics of the indexed project: the first publish after the server logged "Indexed ...".
  result.indexed = vim.wait(20000, function() return indexed_at ~= nil and publishes_after_index > 0 end, 20)
  result.attached = #vim.tbl_keys(vim.lsp.buf_get_clients(bufnr)) > 0
  result.diagnostics_arrived = #vim.diagnostic.get(bufnr) > 0
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(result.diagnostics, {
      code = d.code or lsp.code,
      message = d.message,
      source = d.source,
      severity = d.severity,
      lnum = d.lnum,
      col = d.col,
    })
  end

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = tonumber(env('MIL_LINE')), character = tonumber(env('MIL_CHARACTER')) },
  }
  local responses, request_err = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, 10000)
  if request_err then table.insert(result.errors, 'completion: ' .. tostring(request_err)) end
  for _, response in pairs(responses or {}) do
    if response.err then table.insert(result.errors, 'completion: ' .. vim.inspect(response.err)) end
    local items = response.result and (response.result.items or response.result) or {}
    for _, item in ipairs(items) do
      table.insert(result.completion, { label = item.label, detail = item.detail })
    end
  end

  for _, client in pairs(vim.lsp.get_active_clients()) do
    result.server_name = client.name
    client.stop()
  end
  vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
end)

if not ok then table.insert(result.errors, tostring(err)) end
local file = io.open(env('MIL_OUT'), 'w')
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qall!')
