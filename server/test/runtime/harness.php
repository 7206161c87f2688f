<?php
// Differential-test harness (issue 13, "The proof"): runs Magento 2.4.7-p1's own PHP, required verbatim from
// the corpus (never copied or edited), with the smallest stubs for what is not pure logic.
// Input (JSON on stdin): {"cases":[{"acl":[path...],"api":[path...],"integration":[path...]}]}
// Output (JSON): per case the merged ACL ids, each integration's stored resources and allowed ACL ids,
// or "setupFailure" with the exception message Magento would throw.
// Files are merged in the order given: pass them in Magento's module order (Magento_Backend first). The order
// decides [Magento_Backend::all, X]: populateAcl's allow(role, null) for the ::all row overrides every deny
// set before it, so it grants everything when ::all sorts after other ids in the merged tree.
// allowed() restates Rules::saveRel + Acl\Loader\Rule::populateAcl (about 20 lines) over the real Laminas ACL
// rather than calling them; calling them verbatim needs DB stubs, still to do.
// Not yet wired into npm test; see /work/briefs/harness-ready.md.
declare(strict_types=1);

$runtime = getenv('MAGENTO_RUNTIME') ?: __DIR__ . '/../../../../shared/corpus/magento2-runtime';
spl_autoload_register(function (string $class) use ($runtime): void {
    $map = [
        'Laminas\\Permissions\\Acl\\' => '/vendor/laminas/laminas-permissions-acl/src/',
        'Magento\\Framework\\' => '/vendor/magento/framework/',
        'Magento\\Integration\\' => '/vendor/magento/module-integration/',
        'Magento\\Authorization\\' => '/vendor/magento/module-authorization/',
    ];
    foreach ($map as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $runtime . $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) { require $file; }
            return;
        }
    }
});

/** Stub: schema validation is switched off here (the harness checks merging and permissions). */
final class NoValidation implements \Magento\Framework\Config\ValidationStateInterface
{
    public function isValidationRequired() { return false; }
}

/** Merges files the way Config\Reader\Filesystem does: first file is the base, the rest merged in order. */
function mergeFiles(array $paths, array $idAttributes): ?\DOMDocument
{
    $dom = null;
    foreach ($paths as $path) {
        $xml = file_get_contents($path);
        if ($dom === null) {
            $dom = new \Magento\Framework\Config\Dom($xml, new NoValidation(), $idAttributes);
        } else {
            $dom->merge($xml);
        }
    }
    return $dom?->getDom();
}

final class TreeProvider implements \Magento\Framework\Acl\AclResource\ProviderInterface
{
    public function __construct(private array $tree) {}
    public function getAclResources() { return $this->tree; }
}

function flatten(array $nodes, array &$out, ?string $parent): void
{
    foreach ($nodes as $node) {
        $out[] = [$node['id'], $parent];
        flatten($node['children'] ?? [], $out, $node['id']);
    }
}

function runCase(array $case): array
{
    $aclDom = mergeFiles($case['acl'] ?? [], ['/config/acl/resources(/resource)+' => 'id']);
    $tree = $aclDom ? (new \Magento\Framework\Acl\AclResource\Config\Converter\Dom())->convert($aclDom) : [];
    $tree = $tree['config']['acl']['resources'] ?? [];
    $flat = [];
    flatten($tree, $flat, null);
    $result = ['aclIds' => array_column($flat, 0), 'integrations' => []];

    // integration.xml: the consolidated converter stores each listed id with its ancestors.
    $intDom = mergeFiles($case['integration'] ?? [], ['/config/integration' => 'name']);
    $stored = [];
    if ($intDom) {
        $conv = new \Magento\Integration\Model\Config\Consolidated\Converter(new TreeProvider($tree));
        foreach ($conv->convert($intDom) as $name => $data) { $stored[$name] = $data['resource']; }
    }
    // api.xml: the integration converter; the list goes to Rules::saveRel as is.
    $apiDom = mergeFiles($case['api'] ?? [], ['/integrations/integration' => 'name']);
    if ($apiDom) {
        foreach ((new \Magento\Integration\Model\Config\Integration\Converter())->convert($apiDom) as $name => $data) {
            $stored[$name] = $data['resource'] ?? [];
        }
    }
    foreach ($stored as $name => $resources) {
        $result['integrations'][(string)$name] = ['stored' => $resources, 'allowed' => allowed($flat, $resources)];
    }
    return $result;
}

/** Rules::saveRel's rows, then the Laminas ACL as Acl\Loader\Rule::populateAcl builds it. */
function allowed(array $flat, array $posted): array
{
    $acl = new \Magento\Framework\Acl();
    $acl->addRole(new \Laminas\Permissions\Acl\Role\GenericRole('I1'));
    foreach ($flat as [$id, $parent]) {
        $acl->addResource(new \Laminas\Permissions\Acl\Resource\GenericResource($id), $parent);
    }
    $rows = [];
    if ($posted === ['Magento_Backend::all']) {
        $rows[] = ['Magento_Backend::all', 'allow'];
    } elseif ($posted) {
        $posted[] = 'Magento_Backend::admin';
        foreach ($acl->getResources() as $id) { $rows[] = [$id, in_array($id, $posted) ? 'allow' : 'deny']; }
    }
    foreach ($rows as [$id, $perm]) {
        if (!$acl->hasResource($id)) { continue; }
        if ($perm === 'allow') {
            if ($id === 'Magento_Backend::all') { $acl->allow('I1', null); }
            $acl->allow('I1', $id);
        } else {
            $acl->deny('I1', $id);
        }
    }
    return array_values(array_filter($acl->getResources(), fn ($id) => $acl->isAllowed('I1', $id)));
}

$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$out = [];
foreach ($input['cases'] as $case) {
    try {
        $out[] = runCase($case);
    } catch (\Throwable $e) {
        $out[] = ['setupFailure' => get_class($e) . ': ' . $e->getMessage()];
    }
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
