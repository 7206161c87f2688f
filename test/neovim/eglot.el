;;; eglot.el --- the bare language server under Emacs + eglot, batch mode (server/test/neovimOtherClients.test.ts)
;;
;;   MIL_FILE=<api.xml> MIL_OUT=<result.json> emacs --batch -Q -l test/neovim/eglot.el
;;
;; with `magento-integration-ls' on PATH. Opens MIL_FILE, lets the configuration of docs/cli.md start
;; eglot, waits for the flymake diagnostics, asks for completion after "Magento_Sales::", writes JSON.

;; Debian's elpa-eglot (Emacs 28); newer Emacs ships eglot.
(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)

;; ---- the configuration of docs/cli.md, verbatim ----
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '(nxml-mode . ("magento-integration-ls" "--stdio"
                              :initializationOptions (:magentoIntegration (:severity (:missing-parent "error")))))))
(defun magento-integration-maybe-eglot ()
  "Start eglot in Magento integration, ACL and web API files only."
  (when (and buffer-file-name
             (string-match-p "/etc/\\(integration/api\\|integration/config\\|integration\\|acl\\|webapi\\)\\.xml\\'"
                             buffer-file-name))
    (eglot-ensure)))
(add-hook 'nxml-mode-hook #'magento-integration-maybe-eglot)
;; ---- end of the configuration ----

(require 'eglot)
(require 'json)
(let ((out (getenv "MIL_OUT")) (result nil) (errors nil))
  (condition-case err
      (progn
        (find-file (getenv "MIL_FILE"))
        (run-hooks 'post-command-hook)   ; eglot-ensure connects from the command loop, absent in batch mode
        (let ((deadline (+ (float-time) 20)) diags)
          (while (and (< (float-time) deadline)
                      (not (setq diags (flymake-diagnostics))))
            (accept-process-output nil 0.1))
          (push (cons 'diagnostics
                      (vconcat (mapcar (lambda (d) `((type . ,(symbol-name (flymake-diagnostic-type d)))
                                                     (text . ,(flymake-diagnostic-text d))))
                                       diags)))
                result))
        (goto-char (point-min))
        (search-forward "Magento_Sales::")
        (let* ((capf (eglot-completion-at-point))
               (items (and capf (all-completions "" (nth 2 capf)))))
          (push (cons 'completion (vconcat (mapcar #'substring-no-properties items))) result))
        (eglot-shutdown (eglot-current-server)))
    (error (push (error-message-string err) errors)))
  (push (cons 'errors (vconcat errors)) result)
  (with-temp-file out (insert (json-encode result)))
  (kill-emacs 0))
