# Installs altinn-ls on Windows from a release: downloads the archive, checks its SHA-256,
# puts altinn-ls.exe in %LOCALAPPDATA%\Programs\altinn-ls and adds that folder to the user's PATH.
# No Rust needed.
#
#   irm https://github.com/Altinn/altinn-studio-language-tools/releases/latest/download/install.ps1 | iex
#   powershell -ExecutionPolicy Bypass -File install.ps1 -From https://HOST/OWNER/altinn-ls
#
# -From (or $env:ALTINN_LS_RELEASES): the repository that publishes the releases: by default the
# project's own (https://github.com/Altinn/altinn-studio-language-tools, Cargo.toml's `repository`), or a copy on Altinn Studio's Gitea or GitHub.
# -Version: a release tag (default: the latest). -Dir: where to install.
param(
  [string]$From = $(if ($env:ALTINN_LS_RELEASES) { $env:ALTINN_LS_RELEASES } else { 'https://github.com/Altinn/altinn-studio-language-tools' }),
  [string]$Version = $env:ALTINN_LS_VERSION,
  [string]$Dir = $(if ($env:ALTINN_LS_INSTALL_DIR) { $env:ALTINN_LS_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA 'Programs\altinn-ls' })
)
$ErrorActionPreference = 'Stop'
if (-not $From) { throw 'no release source: pass -From https://HOST/OWNER/altinn-ls or set ALTINN_LS_RELEASES' }

$arch = $env:PROCESSOR_ARCHITECTURE
if ($arch -eq 'AMD64') { $target = 'win32-x64' } elseif ($arch -eq 'ARM64') { $target = 'win32-x64' } else { throw "unsupported processor $arch" }
$archive = "altinn-ls-$target.zip"

$src = $From.TrimEnd('/') -replace '\.git$', ''
if ($src -match '/api/v1/repos/' -or $src -like 'https://api.github.com/repos/*') { $api = $src }
elseif ($src -like 'https://github.com/*') { $api = 'https://api.github.com/repos/' + $src.Substring(19) }
else {
  $u = [Uri]$src
  $segs = $u.AbsolutePath.Trim('/').Split('/')
  $n = $segs.Length
  $prefix = if ($n -gt 2) { '/' + (($segs[0..($n - 3)]) -join '/') } else { '' }
  $api = "$($u.Scheme)://$($u.Authority)$prefix/api/v1/repos/$($segs[$n-2])/$($segs[$n-1])"
}
$au = [Uri]$api
if ($au.Scheme -ne 'https' -and -not $au.IsLoopback) { throw "refusing plain HTTP to a remote host: $api" }
$rel = if ($Version) { "$api/releases/tags/$Version" } else { "$api/releases/latest" }
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12

$release = Invoke-RestMethod -UseBasicParsing -Uri $rel
$asset = $release.assets | Where-Object { $_.name -eq $archive } | Select-Object -First 1
$sum = $release.assets | Where-Object { $_.name -eq "$archive.sha256" } | Select-Object -First 1
if (-not $asset -or -not $sum) { throw "release $($release.tag_name) has no $archive with $archive.sha256" }

$tmp = Join-Path ([IO.Path]::GetTempPath()) ("altinn-ls-" + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
  $zip = Join-Path $tmp $archive
  Invoke-WebRequest -UseBasicParsing -Uri $asset.browser_download_url -OutFile $zip
  $want = ((Invoke-WebRequest -UseBasicParsing -Uri $sum.browser_download_url).Content -split '\s+')[0].ToLower()
  if ($want -is [byte[]]) { $want = [Text.Encoding]::ASCII.GetString($want) }
  $got = (Get-FileHash -Algorithm SHA256 -Path $zip).Hash.ToLower()
  if ($want -ne $got) { throw "SHA-256 mismatch for $archive (expected $want, got $got): nothing installed" }
  Expand-Archive -Path $zip -DestinationPath (Join-Path $tmp 'x')
  $exe = Get-ChildItem -Recurse -Path (Join-Path $tmp 'x') -Filter 'altinn-ls.exe' | Select-Object -First 1
  if (-not $exe) { throw "$archive holds no altinn-ls.exe" }
  & $exe.FullName --version | Out-Null
  New-Item -ItemType Directory -Force -Path $Dir | Out-Null
  $dest = Join-Path $Dir 'altinn-ls.exe'
  # A running altinn-ls.exe cannot be overwritten, but can be moved aside.
  if (Test-Path $dest) { Move-Item -Force $dest "$dest.old" }
  Copy-Item $exe.FullName $dest
  Remove-Item -Force "$dest.old" -ErrorAction SilentlyContinue
} finally {
  Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
}
$userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
if (-not ($userPath -split ';' | Where-Object { $_ -eq $Dir })) {
  [Environment]::SetEnvironmentVariable('Path', "$userPath;$Dir", 'User')
  Write-Host "added $Dir to your PATH (open a new terminal)"
}
Write-Host "installed $(& $dest --version) to $dest"
