-- Neovim smoke test for altinn-ls: an independent LSP client (Neovim's built-in one)
-- opens a file of an Altinn app and must receive the same diagnostics that
-- `altinn-ls check --format json` reports for that file.
--
-- Environment: ALTINN_LS (the binary), APP (a repository folder holding App/ or a folder
-- of apps), optional FILE (path relative to APP; default: the file with most diagnostics).
-- Run: nvim --headless --clean -u NONE -c "luafile tests/nvim/smoke.lua"
-- Exits 0 when the diagnostics match, 1 otherwise (with a report on stdout).

local function out(msg)
  io.stdout:write(msg .. "\n")
end

local function fail(msg)
  out("FAIL: " .. msg)
  vim.cmd("cquit 1")
end

local bin = os.getenv("ALTINN_LS")
local app = os.getenv("APP")
if not bin or not app then
  fail("set ALTINN_LS and APP")
  return
end

local report = vim.json.decode(vim.fn.system({ bin, "check", "--format", "json", app }))
if not report or not report.diagnostics then
  fail("altinn-ls check gave no JSON report")
  return
end

-- Expected: per file, the set of "line:character code".
local per_file = {}
for _, d in ipairs(report.diagnostics) do
  per_file[d.file] = per_file[d.file] or {}
  table.insert(per_file[d.file], string.format("%d:%d %s", d.range.start.line, d.range.start.character, d.code))
end
local file = os.getenv("FILE")
if file == "" then
  file = nil
end
if not file then
  local best = 0
  for f, list in pairs(per_file) do
    if #list > best or (#list == best and f < file) then
      best, file = #list, f
    end
  end
end
if not file then
  fail("no file with diagnostics in " .. app)
  return
end
local expected = per_file[file] or {}
table.sort(expected)
-- MUST: "line:char code" (";"-separated) the case injected. Both sides must have it, so the case
-- fails when the injected error is gone (not only when client and check disagree).
for m in string.gmatch(os.getenv("MUST") or "", "[^;]+") do
  if not vim.tbl_contains(expected, m) then
    fail("altinn-ls check does not report the injected " .. m .. " in " .. file .. " (it reports: " .. table.concat(expected, ", ") .. ")")
    return
  end
end

vim.cmd.edit(vim.fn.fnameescape(app .. "/" .. file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start({
  name = "altinn-ls",
  cmd = { bin, "lsp", "--stdio" },
  root_dir = app,
  init_options = { settings = { debounceMs = 0 } },
}, { bufnr = buf })
if not client_id then
  fail("vim.lsp.start failed")
  return
end

local function got()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    -- Neovim stores 0-based lnum/col; col in bytes (converted from the negotiated encoding).
    local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ""
    local ok, char = pcall(vim.str_utfindex, line, "utf-16", d.col)
    if not ok then
      char = d.col
    end
    table.insert(list, string.format("%d:%d %s", d.lnum, char, tostring(d.code)))
  end
  table.sort(list)
  return list
end

local matched = vim.wait(30000, function()
  return vim.deep_equal(got(), expected)
end, 50)

out("file: " .. file)
out("expected: " .. table.concat(expected, ", "))
out("received: " .. table.concat(got(), ", "))
local client = vim.lsp.get_client_by_id(client_id)
out("client: " .. (client and client.name or "?") .. ", position encoding " .. (client and client.offset_encoding or "?"))
if not matched then
  fail("diagnostics differ")
  return
end
out("OK")
vim.lsp.stop_client(client_id)
vim.cmd("qall!")
