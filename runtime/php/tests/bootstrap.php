<?php

declare(strict_types=1);

// The runtime's classes by PSR-4 (OssGen\Runtime\X in src/X.php), without Composer.
spl_autoload_register(static function (string $class): void {
    $prefix = 'OssGen\\Runtime\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/../src/' . substr($class, strlen($prefix)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
